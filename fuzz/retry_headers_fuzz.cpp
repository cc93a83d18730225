// What a server asks us to wait: Retry-After (seconds or HTTP-date, against the response's Date),
// RateLimit / RateLimit-Reset, X-RateLimit-Reset; and the mock's --fault rate-limit syntax.
// Input: header lines "Name: value".
#include <chrono>

#include "core/mock/fault_plan.hpp"
#include "core/replay/http_date.hpp"
#include "core/replay/server_wait.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  replay::Headers headers;
  for (auto line : fuzz::split_parts(fuzz::as_text(data, size), "\n", 64)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      (void)mock::parse_rate_limit(line);
      (void)replay::parse_http_date(line);
      continue;
    }
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));
  (void)replay::server_requested_wait(headers, now);
  return 0;
}
