// Lifecycle arithmetic (lifecycle.hpp) and the opt-in policies end to end: deprecation windows
// and the version bump, including the cases that must stay silent.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/diff/engine.hpp"
#include "core/diff/lifecycle.hpp"

using namespace sonde::diff;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

namespace {

// /items gets `operation_extra`; /other (when written) gets `other_extra`.
std::string write_spec(const std::string& name, const std::string& version, const std::string& operation_extra,
                       bool with_other = true, const std::string& other_extra = "") {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-lifecycle-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string text = "openapi: 3.0.3\ninfo: {title: t, version: '" + version + "'}\npaths:\n  /items:\n    get:\n" +
                     operation_extra + "      responses: {'200': {description: ok}}\n";
  if (with_other) text += "  /other:\n    get:\n" + other_extra + "      responses: {'200': {description: ok}}\n";
  auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> ids(const std::string& base, const std::string& rev, const Options& options) {
  auto report = run(base, rev, options);
  REQUIRE(report.has_value());
  std::vector<std::string> out;
  for (const auto& c : report->changes) out.push_back(c.id);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

}  // namespace

TEST_CASE("x-sunset dates: a date or the date part of a date-time, nothing else", "[diff][lifecycle]") {
  CHECK(sunset_date("2027-06-30") == std::chrono::year_month_day{year{2027}, month{6}, day{30}});
  CHECK(sunset_date("2027-06-30T12:00:00Z") == std::chrono::year_month_day{year{2027}, month{6}, day{30}});
  CHECK_FALSE(sunset_date("2027-02-30"));
  CHECK_FALSE(sunset_date("soon"));
  CHECK_FALSE(sunset_date("2027-6-30"));
  CHECK_FALSE(sunset_date("2027-06-30x"));
  CHECK_FALSE(sunset_date(""));
  CHECK(date_text(*sunset_date("2027-01-05")) == "2027-01-05");
  CHECK(days_between(*sunset_date("2026-01-01"), *sunset_date("2026-02-01")) == 31);
  CHECK(days_between(*sunset_date("2026-03-01"), *sunset_date("2026-02-28")) == -1);
}

TEST_CASE("deprecation windows follow x-stability-level", "[diff][lifecycle]") {
  LifecyclePolicy policy{"2026-01-01", 30, 180};
  CHECK(deprecation_window(policy, "") == 180);
  CHECK(deprecation_window(policy, "stable") == 180);
  CHECK(deprecation_window(policy, "beta") == 30);
  CHECK(deprecation_window(policy, "alpha") == 0);
  CHECK(deprecation_window(policy, "draft") == 0);
}

TEST_CASE("a breaking change needs a new major, a new 0.x minor, or any new non-semver version", "[diff][lifecycle]") {
  CHECK_FALSE(version_not_bumped("1.4.0", "2.0.0"));
  CHECK_FALSE(version_not_bumped("v1", "v2"));
  CHECK_FALSE(version_not_bumped("1.9.9", "2.0.0-rc.1"));
  CHECK(version_not_bumped("1.4.0", "1.5.0"));
  CHECK(version_not_bumped("2.0.0", "2.0.0"));
  CHECK(version_not_bumped("2.0.0", "1.0.0"));
  CHECK_FALSE(version_not_bumped("0.3.1", "0.4.0"));
  CHECK(version_not_bumped("0.3.1", "0.3.2"));
  // Dates and names are not semantic versions: any change will do, none will not.
  CHECK_FALSE(version_not_bumped("2024-01-15", "2024-06-01"));
  CHECK(version_not_bumped("2024-01-15", "2024-01-15"));
  CHECK_FALSE(version_not_bumped("beta", "gamma"));
  CHECK(version_not_bumped("1.4.0", "1.5.0")->find("1.4.0 → 1.5.0") != std::string::npos);
}

TEST_CASE("--require-version-bump speaks only when errors ship without a new major", "[diff][lifecycle]") {
  Options on;
  on.today = "2026-01-01";
  on.require_version_bump = true;
  auto base = write_spec("v1.yaml", "1.4.0", "");
  CHECK(has(ids(base, write_spec("minor.yaml", "1.5.0", "", false), on), "api-version-not-bumped"));
  CHECK_FALSE(has(ids(base, write_spec("major.yaml", "2.0.0", "", false), on), "api-version-not-bumped"));
  // Only info changes (an added parameter-free summary): no bump needed.
  CHECK(ids(base, write_spec("docs.yaml", "1.4.1", "      summary: new words\n"), on) ==
        std::vector<std::string>{"operation-docs-changed"});
  // The same file against itself: nothing at all.
  CHECK(ids(base, base, on).empty());
  // An error lowered by --severity is no longer breaking.
  Options lowered = on;
  lowered.severity["operation-removed"] = Level::warning;
  CHECK_FALSE(has(ids(base, write_spec("minor2.yaml", "1.5.0", "", false), lowered), "api-version-not-bumped"));
  // Off by default.
  Options off;
  off.today = "2026-01-01";
  CHECK_FALSE(has(ids(base, write_spec("minor3.yaml", "1.5.0", "", false), off), "api-version-not-bumped"));
}

TEST_CASE("deprecation windows judge newly deprecated operations only", "[diff][lifecycle]") {
  Options options;
  options.today = "2026-01-01";
  options.deprecation_days_stable = 180;
  auto base = write_spec("live.yaml", "1", "");
  auto far = write_spec("far.yaml", "1", "      deprecated: true\n      x-sunset: '2026-12-31'\n");
  auto near = write_spec("near.yaml", "1", "      deprecated: true\n      x-sunset: '2026-03-01'\n");
  auto bad = write_spec("bad.yaml", "1", "      deprecated: true\n      x-sunset: next spring\n");
  CHECK(ids(base, far, options) == std::vector<std::string>{"operation-deprecated"});
  CHECK(has(ids(base, near, options), "operation-sunset-too-soon"));
  CHECK(has(ids(base, bad, options), "operation-deprecated-without-sunset"));
  // Already deprecated in the base: the window was judged then.
  CHECK(ids(near, near, options).empty());
  // Without a window, a near sunset is the API's business.
  Options none;
  none.today = "2026-01-01";
  CHECK(ids(base, near, none) == std::vector<std::string>{"operation-deprecated"});
  // Removed after its sunset: info; before: error; deprecated without a sunset: a plain removal.
  auto gone = write_spec("gone.yaml", "1", "", false);
  auto base_with = [](const std::string& name, const std::string& other_extra) {
    return write_spec(name, "1", "", true, other_extra);
  };
  CHECK(ids(base_with("past.yaml", "      deprecated: true\n      x-sunset: '2025-06-01'\n"), gone, none) ==
        std::vector<std::string>{"operation-removed-after-sunset"});
  CHECK(ids(base_with("future.yaml", "      deprecated: true\n      x-sunset: '2026-06-01'\n"), gone, none) ==
        std::vector<std::string>{"operation-removed-before-sunset"});
  CHECK(ids(base_with("nodate.yaml", "      deprecated: true\n"), gone, none) ==
        std::vector<std::string>{"operation-removed"});
}

TEST_CASE("a lower x-stability-level is an error; a higher one, or an unknown one, is not", "[diff][lifecycle]") {
  CHECK(stability_rank("") == stability_rank("stable"));
  CHECK(stability_rank("draft") < stability_rank("alpha"));
  CHECK(stability_rank("alpha") < stability_rank("beta"));
  CHECK(stability_rank("beta") < stability_rank("stable"));
  CHECK(stability_rank("experimental") == -1);
  Options options;
  options.today = "2026-01-01";
  auto level = [](const std::string& name, const std::string& value) {
    return write_spec(name, "1", value.empty() ? "" : "      x-stability-level: " + value + "\n", false);
  };
  auto none = level("none.yaml", ""), stable = level("stable.yaml", "stable"), beta = level("beta.yaml", "beta"),
       alpha = level("alpha.yaml", "alpha"), odd = level("odd.yaml", "experimental");
  CHECK(ids(none, beta, options).empty());  // a first level, whatever it is (as oasdiff)
  CHECK(ids(stable, alpha, options) == std::vector<std::string>{"api-stability-decreased"});
  CHECK(ids(beta, alpha, options) == std::vector<std::string>{"api-stability-decreased"});
  CHECK(ids(beta, stable, options).empty());   // promoted
  CHECK(ids(none, stable, options).empty());   // the same promise, written out
  CHECK(ids(stable, odd, options).empty());    // not a level sonde can rank
  // An alpha operation promised nothing: going down to draft is reported, as info.
  auto draft = level("draft.yaml", "draft");
  auto report = run(alpha, draft, options);
  REQUIRE(report.has_value());
  REQUIRE(report->changes.size() == 1);
  CHECK(report->changes[0].id == "api-stability-decreased");
  CHECK(report->changes[0].level == Level::info);
}
