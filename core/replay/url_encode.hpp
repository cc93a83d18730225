#pragma once
/// Percent-encodes what a URL written by hand may hold but cannot carry on the wire: spaces,
/// quotes, angle brackets, control and non-ASCII bytes, as the WHATWG URL parser does (httpyac,
/// browsers). `%` is kept, so an already-encoded URL is unchanged.
#include <string>
#include <string_view>

namespace sonde::replay {

/// The URL with its path and query encoded per the WHATWG path and query percent-encode sets.
std::string encode_url(std::string_view url);

}  // namespace sonde::replay
