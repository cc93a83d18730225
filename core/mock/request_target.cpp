#include "core/mock/request_target.hpp"

#include "core/mock/problem.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::mock {

bool is_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    std::uint32_t c = b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      c = (c << 6) | (s[i + k] & 0x3F);
    }
    static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < k_min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::optional<MockResponse> check_target(const MockRequest& request) {
  std::string_view target = request.target;
  auto question = target.find('?');
  std::string_view path = target.substr(0, question);
  if (!is_utf8(percent_decode(path))) {
    return problem_response(400, "Bad Request", "the request path is not UTF-8 once percent-decoded",
                            {{"/path", "bytes that are not UTF-8 (raw or as %XX escapes)"}});
  }
  if (question != std::string_view::npos) {
    for (const auto& [name, value] : query_parameters(target)) {
      if (!is_utf8(name) || !is_utf8(value)) {
        return problem_response(400, "Bad Request", "the query string is not UTF-8 once percent-decoded",
                                {{"/query", "bytes that are not UTF-8 (raw or as %XX escapes)"}});
      }
    }
  }
  return std::nullopt;
}

}  // namespace sonde::mock
