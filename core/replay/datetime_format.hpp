#pragma once
/// The `{{$datetime FORMAT [OFFSET UNIT]}}` and `{{$localDatetime ...}}` dynamic variables of VS
/// Code REST Client and httpyac: `rfc1123`, `iso8601`, or a quoted Day.js pattern ('YYYY-MM-DD').
#include <chrono>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde::replay {

/// Formats `now` as `args` ("iso8601", "rfc1123 -1 d", "'DD.MM.YYYY HH:mm' 2 h") asks, in UTC or
/// at `utc_offset` (local time). Fails on an unknown format or offset unit, naming `where`.
Result<std::string> format_datetime(std::string_view args, std::chrono::system_clock::time_point now,
                                    std::chrono::seconds utc_offset, const std::string& where);

/// The Day.js pattern tokens (YYYY, YY, MM, M, MMM, MMMM, DD, D, ddd, dddd, HH, H, hh, h, mm, m,
/// ss, s, SSS, A, a, Z, ZZ, X, x; text in [brackets] is literal) applied to `now` + `utc_offset`.
std::string format_dayjs(std::string_view pattern, std::chrono::system_clock::time_point now,
                         std::chrono::seconds utc_offset);

}  // namespace sonde::replay
