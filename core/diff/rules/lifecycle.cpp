// Rules about the lifecycle promises of a description: a sunset date is a promise to keep an
// operation until then, a deprecation window is the notice an API's policy guarantees, and a
// breaking change announces itself with a new version (lifecycle.hpp holds the date and version
// arithmetic).
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace lifecycle_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Rule k_rules[] = {
    {"operation-removed-before-sunset", error, req,
     "A deprecated operation was removed before the x-sunset date it promised", Fact::operation_removed_before_sunset,
     Area::operation, When::any, "deprecated operation removed before its sunset date"},
    {"operation-sunset-moved-earlier", error, req, "A deprecated operation's x-sunset date moved earlier",
     Fact::sunset_moved_earlier, Area::operation, When::any, "sunset date moved earlier"},
    {"operation-deprecated-without-sunset", error, req,
     "An operation was deprecated without an x-sunset date under --deprecation-days-*", Fact::sunset_missing,
     Area::operation, When::any, "deprecated without an x-sunset date"},
    {"operation-sunset-too-soon", error, req,
     "A newly deprecated operation's x-sunset falls inside the --deprecation-days-* window", Fact::sunset_too_soon,
     Area::operation, When::any, "deprecated with a sunset date inside the deprecation window"},
    {"request-parameter-removed-before-sunset", error, req,
     "A deprecated parameter was removed before the x-sunset date it promised", Fact::parameter_removed_before_sunset,
     Area::parameter, When::any, "removed before its sunset date"},
    {"request-parameter-sunset-moved-earlier", error, req, "A deprecated parameter's x-sunset date moved earlier",
     Fact::sunset_moved_earlier, Area::parameter, When::any, "sunset date moved earlier"},
    {"request-parameter-deprecated-without-sunset", error, req,
     "A parameter was deprecated without an x-sunset date under --deprecation-days-*", Fact::sunset_missing,
     Area::parameter, When::any, "deprecated without an x-sunset date"},
    {"request-parameter-sunset-too-soon", error, req,
     "A newly deprecated parameter's x-sunset falls inside the --deprecation-days-* window", Fact::sunset_too_soon,
     Area::parameter, When::any, "deprecated with a sunset date inside the deprecation window"},
    {"api-stability-decreased", error, req,
     "An operation's x-stability-level went down (stable, beta, alpha, draft; from none is no change)",
     Fact::stability_decreased, Area::operation, When::any, "stability level decreased"},
    {"api-version-not-bumped", error, req,
     "Breaking changes arrive without a new info.version major (opt-in: --require-version-bump)",
     Fact::version_not_bumped, Area::operation, When::any, "version not bumped"},
};
}  // namespace lifecycle_table

std::span<const Rule> lifecycle() { return lifecycle_table::k_rules; }

}  // namespace sonde::diff::rules
