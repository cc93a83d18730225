#pragma once
/// The lifecycle promises a description makes with `deprecated`, `x-sunset`, `x-stability-level`
/// and `info.version`, as dates and version numbers: when a sunset has passed, how far away it
/// must be under a deprecation window, and whether a version string was bumped enough for a
/// breaking change. Pure functions; operation_diff.cpp and engine.cpp turn them into findings.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sonde::diff {

struct LifecyclePolicy {
  std::string today;            ///< "YYYY-MM-DD"
  int deprecation_days_beta = 0;    ///< days a newly deprecated beta operation must stay; 0: no window
  int deprecation_days_stable = 0;  ///< the same for stable operations (no x-stability-level is stable)
};

/// The calendar date of an x-sunset value: "2027-03-01" or an RFC 3339 date-time (its date part).
std::optional<std::chrono::year_month_day> sunset_date(std::string_view text);

/// "YYYY-MM-DD".
std::string date_text(std::chrono::year_month_day date);

/// The deprecation window, in days, for an operation at this x-stability-level ("" when absent):
/// draft and alpha make no promise (0); beta and stable take the policy's numbers.
int deprecation_window(const LifecyclePolicy& policy, std::string_view stability);

/// The order of x-stability-level promises: draft 0, alpha 1, beta 2, stable 3 (also "", the
/// stable an operation without a level is held to); -1 for a value outside that list.
int stability_rank(std::string_view level);

/// Days from `from` to `to` (negative when `to` is earlier).
int days_between(std::chrono::year_month_day from, std::chrono::year_month_day to);

/// Why `revision` is not a big enough step from `base` for a breaking change, or nullopt when it
/// is. Semantic versions ("1.4.2", "v2") need a new major, or for 0.x a new minor (semver item 4);
/// other version strings (dates, names) only need to change.
std::optional<std::string> version_not_bumped(std::string_view base, std::string_view revision);

}  // namespace sonde::diff
