#pragma once
/// Stage two and the policy around it: rules turn deltas into changes with levels; overrides,
/// waivers and the path filter apply; the result is sorted so runs are byte-for-byte stable.
#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/diff/delta.hpp"
#include "core/diff/rules/rule.hpp"
#include "core/openapi/document.hpp"

namespace sonde::diff {

struct Options {
  std::map<std::string, Level> severity;  ///< rule id -> level, overriding the default
  std::string ignore_file;                ///< empty: none
  std::string match_path;                 ///< ECMAScript regex over operation paths; empty: all
  bool lenient = false;                   ///< diff past dangling $refs
  bool allow_remote_refs = false;
  bool allow_outside_refs = false;        ///< local $refs may leave each description's folder
  std::string today;                      ///< "YYYY-MM-DD" for x-sunset; empty: the system date (UTC)
  int deprecation_days_beta = 0;          ///< a newly deprecated beta operation's x-sunset must be this far away
  int deprecation_days_stable = 0;        ///< the same for stable operations; 0: no window
  bool require_version_bump = false;      ///< api-version-not-bumped: breaking changes need a new info.version
  std::vector<std::string> traffic;       ///< HAR files: each change counts the recorded exchanges it touches
  std::optional<Level> traffic_demote;    ///< with traffic: changes no exchange touches drop to this level
};

struct Change {
  std::string id;
  Level level = Level::info;
  Direction direction = Direction::request;
  std::string operation;                ///< the one affected operation, or empty (several / shared)
  std::vector<std::string> operations;  ///< every affected operation, sorted
  std::string location;                 ///< JSON pointer in the revision
  std::string source;                   ///< revision file:line:col
  std::string message;                  ///< the whole sentence, naming the operation when there is one
  std::string detail;                   ///< the sentence without the operation (for grouped output)
  std::string component;                ///< "#/components/schemas/Order" for shared-component changes
  Fact fact{};                          ///< what happened (the rule's fact)
  Area area = Area::operation;          ///< where the change sits (parameter, bodies, responses...)
  std::string subject;                  ///< what changed, for people: "query parameter 'limit'", "property 'Order.total'"
  std::optional<std::size_t> hits;      ///< --traffic: recorded exchanges that touch what changed
  std::vector<std::string> examples;    ///< --traffic: up to 3 of them, "GET https://host/path?q" (secrets masked)
};

struct Report {
  std::string base_path;
  std::string revision_path;
  std::vector<Change> changes;
  std::array<int, 3> counts{};  ///< indexed by Level
  std::size_t ignored = 0;      ///< changes waived by the ignore file
  std::vector<std::string> notes;  ///< things the user should know (unresolved refs under --lenient)
  double load_ms = 0;
  double diff_ms = 0;
};

/// Checks options that can be wrong before anything is read (unknown rule ids, bad regex): usage errors.
Result<void> validate(const Options& options);

/// Loads both files and diffs them.
Result<Report> run(const std::string& base_path, const std::string& revision_path, const Options& options);

/// --composed: every OpenAPI description matching each pattern (file_glob.hpp) is one side;
/// operations pair across files, so an operation moved to another file is no change. Matched
/// files that are not descriptions (shared schemas) are skipped with a note.
Result<Report> run_composed(const std::string& base_pattern, const std::string& revision_pattern,
                            const Options& options);

/// Diffs two loaded documents (tests call this directly).
Result<Report> compare(const openapi::Document& base, const openapi::Document& rev, const Options& options);

/// Diffs the operations of several documents per side, each schema read in its own document.
/// With --require-version-bump the first document of each side holds info.version.
Result<Report> compare_many(std::span<const openapi::Document* const> bases,
                            std::span<const openapi::Document* const> revs, const Options& options);

/// True when a change at or above `fail_on` is present (never true for std::nullopt, i.e. "never").
bool fails(const Report& report, std::optional<Level> fail_on);

}  // namespace sonde::diff
