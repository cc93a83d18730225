#pragma once
/// Request and response bodies: JSON, XML, ```multiline``` (with an optional type), `oneline`,
/// base64,...; hex,...; and file,...;.
#include <string_view>

#include "core/hurl/ast.hpp"
#include "core/hurl/cursor.hpp"

namespace sonde::hurl {

/// True when `line` starts a body ({, [ that is not a section, <, ```, `, base64,, hex,, file,).
bool starts_body(std::string_view line);

/// Reads the body at the cursor (which is at the start of its line).
Result<Body> parse_body(Cursor& c);

}  // namespace sonde::hurl
