#include "core/replay/server_wait.hpp"

#include <algorithm>
#include <charconv>

#include "core/replay/http_date.hpp"

namespace sonde::replay {

namespace {

using SysTime = std::chrono::system_clock::time_point;

// Values above this are epoch seconds, below it delta-seconds (GitHub sends epoch seconds in
// X-RateLimit-Reset, several other APIs send a delta).
constexpr long long k_epoch_threshold = 1'000'000'000;

// Larger values (seconds to wait, or an epoch) are no wait a server means, and would overflow the
// clock's 64-bit nanoseconds (it ends in 2262): 2200-01-01T00:00Z as an epoch.
constexpr long long k_max_seconds = 7'258'118'400;

std::optional<long long> parse_seconds(std::string_view text) {
  text = trim(text);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0 || value > k_max_seconds) return std::nullopt;
  return value;
}

Duration until(SysTime target, SysTime now) {
  return target > now ? std::chrono::duration_cast<Duration>(target - now) : Duration{0};
}

SysTime reference_now(const Headers& headers, SysTime wall_now) {
  if (auto date = header_value(headers, "Date")) {
    if (auto parsed = parse_http_date(trim(*date))) return *parsed;
  }
  return wall_now;
}

std::optional<Duration> retry_after(std::string_view value, SysTime now) {
  if (auto seconds = parse_seconds(value)) return std::chrono::seconds(*seconds);
  if (auto date = parse_http_date(trim(value))) return until(*date, now);
  return std::nullopt;
}

// draft-ietf-httpapi-ratelimit-headers: `RateLimit: "default";r=0;t=10` (t = seconds to reset);
// older drafts sent RateLimit-Reset: 10.
std::optional<Duration> ratelimit_t(std::string_view value) {
  for (std::size_t pos = 0; pos < value.size();) {
    std::size_t end = value.find_first_of(";,", pos);
    std::string_view item = trim(value.substr(pos, end == std::string_view::npos ? value.npos : end - pos));
    if (item.starts_with("t=")) {
      if (auto s = parse_seconds(item.substr(2))) return std::chrono::seconds(*s);
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<Duration> epoch_or_delta(std::string_view value, SysTime now) {
  auto seconds = parse_seconds(value);
  if (!seconds) return std::nullopt;
  if (*seconds < k_epoch_threshold) return std::chrono::seconds(*seconds);
  return until(SysTime(std::chrono::seconds(*seconds)), now);
}

}  // namespace

std::optional<ServerWait> server_requested_wait(const Headers& headers, SysTime wall_now) {
  const SysTime now = reference_now(headers, wall_now);
  struct Source {
    std::string_view name;
    std::optional<Duration> (*parse)(std::string_view, SysTime);
  };
  static constexpr Source k_sources[] = {
      {"Retry-After", retry_after},
      {"RateLimit", [](std::string_view v, SysTime) { return ratelimit_t(v); }},
      {"RateLimit-Reset", [](std::string_view v, SysTime) -> std::optional<Duration> {
         if (auto s = parse_seconds(v)) return std::chrono::seconds(*s);
         return std::nullopt;
       }},
      {"X-RateLimit-Reset", epoch_or_delta},
  };
  for (const auto& source : k_sources) {
    auto value = header_value(headers, source.name);
    if (!value) continue;
    if (auto wait = source.parse(*value, now)) {
      return ServerWait{*wait, std::string(source.name) + ": " + std::string(trim(*value))};
    }
  }
  return std::nullopt;
}

}  // namespace sonde::replay
