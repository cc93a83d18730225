#pragma once
/// The string forms of the Hurl grammar: templates, quoted strings, key and value strings,
/// and literals (numbers, booleans, null, base64/hex/file, `oneline`, /regex/, placeholders).
#include <string>

#include "core/hurl/ast.hpp"
#include "core/hurl/cursor.hpp"

namespace sonde::hurl {

/// Splits literal text into parts around `{{...}}`; an unclosed `{{` is an error at `pos`.
Result<Template> make_template(std::string_view text, Pos pos, const Cursor& cursor);

/// `"..."` with \" \\ \b \f \n \r \t \u{XXXX} escapes and templates; the cursor is on the quote.
Result<Template> quoted_string(Cursor& c);

/// A key: everything up to an unescaped ':' (escapes \: \# \\ ...), trimmed.
Result<Template> key_string(Cursor& c);

/// A value: everything up to an unescaped '#' or the end of line, trimmed at the end.
Result<Template> value_string(Cursor& c);

/// A ```multiline string```: its type (json, xml, text, "" ...), whether `novariable` was given,
/// and the content with its last newline kept, as Hurl does.
struct Multiline {
  std::string type;
  bool no_variable = false;
  std::string content;
};

/// Reads from the opening ``` (the cursor is on it) to just after the closing ```.
Result<Multiline> read_multiline(Cursor& c, Pos start);

/// A predicate or filter argument value; the cursor is on its first character.
Result<Literal> literal(Cursor& c);

/// A word of letters, digits, '-' and '_' (query, filter and predicate names).
std::string word(Cursor& c);

}  // namespace sonde::hurl
