#pragma once
/// Hurl's htmlEscape and htmlUnescape filters (the rules of Python's html.escape and
/// html.unescape, which Hurl follows).
#include <string>
#include <string_view>

namespace sonde::flow {

/// `&`, `<`, `>`, `"` and `'` as `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#x27;`.
std::string html_escape(std::string_view text);

/// Numeric references (`&#39;`, `&#x27;`) and the named entities of HTML 4 (libxml2's table:
/// `&eacute;`, `&nbsp;`, ...) as UTF-8; anything else is left as written. Code points that are
/// not characters (0, surrogates, beyond U+10FFFF) become U+FFFD, as HTML5 says.
std::string html_unescape(std::string_view text);

}  // namespace sonde::flow
