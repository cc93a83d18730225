#include "core/replay/http_date.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <string>

namespace sonde::replay {

namespace {

int month_index(const char* name) {
  static constexpr std::array<const char*, 12> k_month_abbreviations{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (std::string(name) == k_month_abbreviations[static_cast<std::size_t>(i)]) return i;
  }
  return -1;
}

std::optional<std::chrono::system_clock::time_point> make_time(int year, const char* month, int day, int h,
                                                               int m, int s) {
  int mon = month_index(month);
  // system_clock counts nanoseconds in 64 bits: it ends in April 2262, so later years are no date
  // we can represent (and no server means them).
  if (mon < 0 || day < 1 || day > 31 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60 || year < 1970 ||
      year > 2200) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = s;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  std::string t(text);
  char wday[16] = {}, month[4] = {}, zone[4] = {};
  int day = 0, year = 0, h = 0, m = 0, s = 0, used = 0;
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  if (std::sscanf(t.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", wday, &day, month, &year, &h, &m, &s, zone,
                  &used) == 8 &&
      std::string(zone) == "GMT" && static_cast<std::size_t>(used) == t.size()) {
    return make_time(year, month, day, h, m, s);
  }
  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" (two-digit years are 19xx/20xx by RFC 9110's 50-year rule)
  if (std::sscanf(t.c_str(), "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", wday, &day, month, &year, &h, &m, &s,
                  zone, &used) == 8 &&
      std::string(zone) == "GMT" && static_cast<std::size_t>(used) == t.size()) {
    return make_time(year < 70 ? 2000 + year : 1900 + year, month, day, h, m, s);
  }
  // asctime: "Sun Nov  6 08:49:37 1994"
  if (std::sscanf(t.c_str(), "%3s %3s %d %2d:%2d:%2d %4d%n", wday, month, &day, &h, &m, &s, &year, &used) == 7 &&
      static_cast<std::size_t>(used) == t.size()) {
    return make_time(year, month, day, h, m, s);
  }
  return std::nullopt;
}

}  // namespace sonde::replay
