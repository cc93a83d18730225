#pragma once
/// A diff rule: a stable id, a default level, a direction, one English summary, and which stage-one
/// facts it claims. Each family of rules lives in one file under rules/; registry.cpp lists them.
#include <span>
#include <string>
#include <string_view>

#include "core/diff/delta.hpp"

namespace sonde::diff {

enum class Level { info = 0, warning = 1, error = 2 };
enum class Direction { request, response };

/// Whether a rule requires the delta's qualifier to be set, unset, or does not care.
enum class When { any, yes, no };

struct Rule {
  std::string_view id;  ///< kebab-case, never changes once released
  Level level;
  Direction direction;
  std::string_view summary;  ///< one line for --list-rules
  Fact fact;
  Area area;
  When qualifier;
  /// The message's verb phrase after the subject, e.g. "became required" or "type changed".
  std::string_view verb;
};

/// "error", "warning", "info".
std::string_view level_name(Level level);
/// Parses a level name; false when it is not one.
bool parse_level(std::string_view text, Level& level);
std::string_view direction_name(Direction direction);

/// Every registered rule, sorted by id.
std::span<const Rule> rule_registry();
/// The rule that claims `delta`, or nullptr when no rule does.
const Rule* rule_for(const Delta& delta);
/// The rule with this id, or nullptr.
const Rule* find_rule(std::string_view id);

namespace rules {
std::span<const Rule> endpoints();
std::span<const Rule> parameters();
std::span<const Rule> request_body();
std::span<const Rule> responses();
std::span<const Rule> security();
std::span<const Rule> annotations();
std::span<const Rule> lifecycle();
std::span<const Rule> visibility();
std::span<const Rule> discriminators();
}  // namespace rules

}  // namespace sonde::diff
