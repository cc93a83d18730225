#pragma once
/// HTTP-date (RFC 9110 section 5.6.7): IMF-fixdate, plus the obsolete RFC 850 and asctime forms
/// that recipients must still accept.
#include <chrono>
#include <optional>
#include <string_view>

namespace sonde::replay {

/// Parses an HTTP-date; nullopt when it is none of the three forms.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

}  // namespace sonde::replay
