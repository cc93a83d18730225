#include "core/replay/datetime_format.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "core/replay/request.hpp"

namespace sonde::replay {

namespace {

using std::chrono::system_clock;

constexpr std::array<std::string_view, 12> k_month_names = {"January", "February", "March",     "April",   "May",      "June",
                                                       "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> k_days = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};

std::string pad(long value, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*ld", width, value);
  return buf;
}

std::string offset_text(std::chrono::seconds offset, bool colon) {
  long minutes = static_cast<long>(offset.count() / 60);
  std::string sign = minutes < 0 ? "-" : "+";
  minutes = minutes < 0 ? -minutes : minutes;
  return sign + pad(minutes / 60, 2) + (colon ? ":" : "") + pad(minutes % 60, 2);
}

// Longest tokens first, so "MMMM" is not read as "MM" twice.
constexpr std::array<std::string_view, 25> k_tokens = {"YYYY", "MMMM", "dddd", "MMM", "ddd", "SSS", "YY", "MM", "DD",
                                                       "HH",   "hh",   "mm",   "ss",  "ZZ",  "M",   "D",  "H",  "h",
                                                       "m",    "s",    "A",    "a",   "Z",   "X",   "x"};

std::string token_value(std::string_view token, const std::tm& tm, long millis, std::chrono::seconds offset,
                        system_clock::time_point now) {
  const int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  if (token == "YYYY") return pad(tm.tm_year + 1900, 4);
  if (token == "YY") return pad((tm.tm_year + 1900) % 100, 2);
  if (token == "MMMM") return std::string(k_month_names[static_cast<std::size_t>(tm.tm_mon)]);
  if (token == "MMM") return std::string(k_month_names[static_cast<std::size_t>(tm.tm_mon)].substr(0, 3));
  if (token == "MM") return pad(tm.tm_mon + 1, 2);
  if (token == "M") return std::to_string(tm.tm_mon + 1);
  if (token == "dddd") return std::string(k_days[static_cast<std::size_t>(tm.tm_wday)]);
  if (token == "ddd") return std::string(k_days[static_cast<std::size_t>(tm.tm_wday)].substr(0, 3));
  if (token == "DD") return pad(tm.tm_mday, 2);
  if (token == "D") return std::to_string(tm.tm_mday);
  if (token == "HH") return pad(tm.tm_hour, 2);
  if (token == "H") return std::to_string(tm.tm_hour);
  if (token == "hh") return pad(hour12, 2);
  if (token == "h") return std::to_string(hour12);
  if (token == "mm") return pad(tm.tm_min, 2);
  if (token == "m") return std::to_string(tm.tm_min);
  if (token == "ss") return pad(tm.tm_sec, 2);
  if (token == "s") return std::to_string(tm.tm_sec);
  if (token == "SSS") return pad(millis, 3);
  if (token == "A") return tm.tm_hour < 12 ? "AM" : "PM";
  if (token == "a") return tm.tm_hour < 12 ? "am" : "pm";
  if (token == "Z") return offset_text(offset, true);
  if (token == "ZZ") return offset_text(offset, false);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  if (token == "X") return std::to_string(ms / 1000);
  return std::to_string(ms);  // "x"
}

// Offsets as Day.js `add(n, unit)`: calendar units move the calendar, the others the clock.
// The clock counts nanoseconds in a signed 64-bit integer (about ±292 years around 1970), so an
// offset is held to 100 years either way: enough for any test date, and `now + offset` never
// overflows (it did for `{{$datetime iso8601 99999999999 d}}`, found by fuzz_http_file).
constexpr long k_max_offset_years = 100;

long max_offset_in(std::string_view unit) {
  constexpr long days_in_range = k_max_offset_years * 366;
  if (unit == "ms") return days_in_range * 86'400'000L;
  if (unit == "s") return days_in_range * 86'400L;
  if (unit == "m") return days_in_range * 1'440L;
  if (unit == "h") return days_in_range * 24L;
  if (unit == "d") return days_in_range;
  if (unit == "w") return days_in_range / 7;
  if (unit == "M") return k_max_offset_years * 12;
  if (unit == "Q") return k_max_offset_years * 4;
  return k_max_offset_years;  // "y"
}

Result<system_clock::time_point> add_offset(system_clock::time_point now, long n, std::string_view unit,
                                            const std::string& where) {
  using namespace std::chrono;
  static constexpr std::array<std::string_view, 9> k_units = {"ms", "s", "m", "h", "d", "w", "M", "Q", "y"};
  if (std::find(k_units.begin(), k_units.end(), unit) != k_units.end() &&
      (n > max_offset_in(unit) || n < -max_offset_in(unit))) {
    return fail(ErrorKind::invalid_input, "date offset '" + std::to_string(n) + " " + std::string(unit) +
                                              "' is out of range", where,
                "offsets reach at most " + std::to_string(k_max_offset_years) + " years either way");
  }
  if (unit == "ms") return now + milliseconds(n);
  if (unit == "s") return now + seconds(n);
  if (unit == "m") return now + minutes(n);
  if (unit == "h") return now + hours(n);
  if (unit == "d") return now + days(n);
  if (unit == "w") return now + weeks(n);
  if (unit == "M" || unit == "Q" || unit == "y") {
    auto day = floor<days>(now);
    year_month_day ymd{day};
    const long months_to_add = unit == "M" ? n : unit == "Q" ? 3 * n : 12 * n;
    year_month_day moved = ymd.year() / ymd.month() / ymd.day() + months(months_to_add);
    if (!moved.ok()) moved = moved.year() / moved.month() / last;  // Jan 31 + 1 month = Feb 28/29
    return sys_days(moved) + (now - day);
  }
  return fail(ErrorKind::invalid_input, "unknown offset unit '" + std::string(unit) + "'", where,
              "units: y, Q, M, w, d, h, m, s, ms");
}

}  // namespace

std::string format_dayjs(std::string_view pattern, system_clock::time_point now, std::chrono::seconds utc_offset) {
  const auto shifted = now + utc_offset;
  const std::time_t t = system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(shifted));
  std::tm tm{};
  gmtime_r(&t, &tm);
  const long millis = static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(shifted.time_since_epoch()).count() % 1000);
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '[') {
      auto close = pattern.find(']', i);
      if (close != std::string_view::npos) {
        out.append(pattern.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    }
    bool matched = false;
    for (auto token : k_tokens) {
      if (pattern.substr(i).starts_with(token)) {
        out += token_value(token, tm, millis, utc_offset, now);
        i += token.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += pattern[i++];
  }
  return out;
}

Result<std::string> format_datetime(std::string_view args, system_clock::time_point now,
                                    std::chrono::seconds utc_offset, const std::string& where) {
  args = trim(args);
  std::string_view format;
  std::string_view rest;
  if (!args.empty() && (args.front() == '\'' || args.front() == '"')) {
    auto close = args.find(args.front(), 1);
    if (close == std::string_view::npos) return fail(ErrorKind::invalid_input, "unclosed quote in $datetime format", where);
    format = args.substr(0, close + 1);
    rest = args.substr(close + 1);
  } else {
    auto space = args.find_first_of(" \t");
    format = args.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : args.substr(space);
  }
  rest = trim(rest);
  if (!rest.empty()) {
    auto space = rest.find_first_of(" \t");
    std::string number(rest.substr(0, space));
    std::string_view unit = space == std::string_view::npos ? std::string_view{} : trim(rest.substr(space));
    char* end = nullptr;
    long n = std::strtol(number.c_str(), &end, 10);
    if (number.empty() || *end || unit.empty()) {
      return fail(ErrorKind::invalid_input, "expected an offset 'NUMBER UNIT' after the $datetime format", where,
                  "e.g. {{$datetime iso8601 -1 d}}");
    }
    auto moved = add_offset(now, n, unit, where);
    if (!moved) return std::unexpected(moved.error());
    now = *moved;
  }
  if (format == "iso8601") {
    // Day.js: UTC as toISOString() (milliseconds, Z); local time as format() (seconds, ±hh:mm).
    return utc_offset.count() == 0 ? format_dayjs("YYYY-MM-DD[T]HH:mm:ss.SSS[Z]", now, utc_offset)
                                   : format_dayjs("YYYY-MM-DD[T]HH:mm:ssZ", now, utc_offset);
  }
  if (format == "rfc1123") {
    return utc_offset.count() == 0 ? format_dayjs("ddd, DD MMM YYYY HH:mm:ss [GMT]", now, utc_offset)
                                   : format_dayjs("ddd, DD MMM YYYY HH:mm:ss ZZ", now, utc_offset);
  }
  if (format.size() >= 2 && (format.front() == '\'' || format.front() == '"')) {
    return format_dayjs(format.substr(1, format.size() - 2), now, utc_offset);
  }
  return fail(ErrorKind::invalid_input, "unknown $datetime format '" + std::string(format) + "'", where,
              "use rfc1123, iso8601 or a quoted pattern such as 'YYYY-MM-DD'");
}

}  // namespace sonde::replay
