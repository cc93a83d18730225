#pragma once
/// Dates as `sonde test` reads and writes them: HTTP dates (cookie Expires), certificate dates,
/// and the strftime-style formats of Hurl's toDate and format filters (%.f = fraction).
#include <optional>
#include <string>

#include "core/flow/value.hpp"

namespace sonde::flow {

std::optional<Value::Date> parse_http_date(const std::string& text);
std::optional<Value::Date> parse_certificate_date(const std::string& text);
/// `text` read with `format` (strptime conversions, plus %.f for a fraction and %z/Z); UTC.
std::optional<Value::Date> parse_date(const std::string& text, const std::string& format);
/// `date` written with `format` (strftime conversions, plus %.f); UTC.
std::string format_date(const Value::Date& date, const std::string& format);
/// True for an RFC 3339 date-time or full-date ("2026-12-04", "2026-12-04T05:06:07.123Z").
bool is_iso_date(const std::string& text);

}  // namespace sonde::flow
