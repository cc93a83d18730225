#pragma once
/// The request target must decode to text before anything routes it, validates it or echoes it
/// in a problem body: JSON carries only UTF-8, so `GET /x%FF%FE` is the client's error (400), not
/// the mock's (it was a 500 with the JSON library's message in a header).
#include <optional>
#include <string_view>

#include "core/mock/exchange.hpp"

namespace sonde::mock {

/// A 400 problem when the path or the query string, percent-decoded, is not UTF-8.
std::optional<MockResponse> check_target(const MockRequest& request);

/// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or values past
/// U+10FFFF).
bool is_utf8(std::string_view text);

}  // namespace sonde::mock
