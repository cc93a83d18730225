#pragma once
/// The one duration syntax of every option of every subcommand: a number with a unit (us, ms,
/// s, m, h: 250ms, 1s, 1.5s, 2m) or a bare number, meaning seconds.
#include <chrono>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde {

using Seconds = std::chrono::duration<double>;

/// Parses `text` for `option` (named in the usage error, exit 2). Negative, NaN and values past
/// a day are refused; zero only when `allow_zero`.
Result<Seconds> parse_duration(std::string_view text, std::string_view option, bool allow_zero = false);

/// `d` cast to a steady-clock-friendly integer duration, rounded to the nearest microsecond.
template <class D>
D duration_as(Seconds d) {
  return std::chrono::duration_cast<D>(std::chrono::round<std::chrono::microseconds>(d));
}

}  // namespace sonde
