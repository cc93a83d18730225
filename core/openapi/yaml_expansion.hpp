#pragma once
/// Sizing a YAML document as its aliases expand, without expanding them: an alias bomb (ten
/// anchors of ten aliases each: 10^10 nodes) is caught before any conversion starts, in time
/// linear in the document's distinct nodes. The converter would find it too, but only after
/// building as many nodes as the budget allows (seconds, hundreds of MB).
#include <cstddef>
#include <optional>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace sonde::openapi {

struct ExpansionProblem {
  YAML::Mark mark;
  /// An anchored node holds an alias to itself (`&a [*a]`: yaml-cpp builds a cycle), so its
  /// expansion never ends; `mark` is the anchored node. Otherwise the budget ran out at `mark`.
  bool recursive = false;
};

/// The node at which the expanded document first exceeds `budget` nodes, counted in document
/// order the way the converter counts (one per node; map keys are not counted), or nullopt when
/// it stays within. Levels deeper than `max_depth` count as one node: the converter refuses them.
std::optional<ExpansionProblem> first_node_over_budget(const YAML::Node& root, std::size_t budget, int max_depth);

/// False only when `text` certainly defines no anchor (so holds no alias, and no bomb): no `&`
/// where a node property may start, i.e. after a space, a tab, a line break, `[`, `{` or `,` and
/// before a non-space. Saves the pass above (a tenth of the load time of a 4 MB description).
bool may_hold_anchors(std::string_view text);

}  // namespace sonde::openapi
