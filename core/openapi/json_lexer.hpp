#pragma once
/// The tokens both fast JSON parsers read the same way: the nlohmann tree's (json_fast_parse.cpp)
/// and the compact document tree's (doc_tree.cpp). A string is copied in runs and checked as
/// nlohmann checks it; a number is typed as nlohmann types it. Anything refused here is refused by
/// both parsers, and nlohmann's own parser then words the error.
#include <cstdint>
#include <string>

namespace sonde::openapi::json_lexer {

/// Reads the string whose opening quote is at `p` (moved past its closing quote); `out` gets its
/// contents, unescaped. False on a control character, bad UTF-8 (RFC 3629: no overlong form,
/// surrogate or code point above U+10FFFF), a bad escape or a lone surrogate.
bool read_string(const char*& p, const char* end, std::string& out);

/// A number as nlohmann types it: an integer without a sign is unsigned, with a minus signed,
/// either one that does not fit is a double, and anything with a fraction or exponent is a double
/// (from_chars rounds as strtod does: correctly).
struct Number {
  enum class Kind { integer, unsigned_integer, floating } kind = Kind::integer;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0;
};

/// Reads RFC 8259's number grammar at `p` (moved past it). False when it is not a number, or out
/// of range (an overflow, or an underflow strtod would round to a denormal): nlohmann decides.
bool read_number(const char*& p, const char* end, Number& out);

}  // namespace sonde::openapi::json_lexer
