#include "core/util/duration.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace sonde {

Result<Seconds> parse_duration(std::string_view text, std::string_view option, bool allow_zero) {
  struct Unit {
    std::string_view suffix;
    double seconds;
  };
  // Two-letter suffixes first, so "ms" is not read as a number ending in "s".
  constexpr Unit k_units[] = {{"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"m", 60.0}, {"h", 3600.0}};
  std::string_view number = text;
  double factor = 1.0;
  for (const auto& unit : k_units) {
    if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
      number = text.substr(0, text.size() - unit.suffix.size());
      factor = unit.seconds;
      break;
    }
  }
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  const bool parsed = !number.empty() && ec == std::errc{} && end == number.data() + number.size();
  const double seconds = value * factor;
  if (!parsed || !std::isfinite(seconds) || seconds < 0 || (seconds == 0 && !allow_zero) || seconds > 86400) {
    return fail(ErrorKind::usage, "bad " + std::string(option) + " '" + std::string(text) + "'", {},
                std::string("write a duration: 250ms, 1s, 1.5s, 2m, or a bare number of seconds") +
                    (allow_zero ? "" : " (more than 0)") + ", at most a day");
  }
  return Seconds(seconds);
}

}  // namespace sonde
