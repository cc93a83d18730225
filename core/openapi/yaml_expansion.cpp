#include "core/openapi/yaml_expansion.hpp"

#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace sonde::openapi {

namespace {

class ExpansionSizer {
 public:
  ExpansionSizer(std::size_t budget, int max_depth) : budget_(budget), max_depth_(max_depth) {}

  /// Expanded size of `node`, saturated just past the budget.
  std::size_t size(const YAML::Node& node, int depth) {
    if (!node.IsSequence() && !node.IsMap()) return 1;
    if (depth > max_depth_) return 1;
    // An alias is the anchored node itself, so its source position (with its type: a block map
    // starts where its first key does) identifies it; each is sized once.
    const auto pos = node.Mark().pos;
    const std::uint64_t key = (static_cast<std::uint64_t>(pos) << 2) | (node.IsMap() ? 1u : 0u);
    if (pos >= 0) {
      if (auto found = memo_.find(key); found != memo_.end()) return found->second;
      // Met again while it is still being sized: it contains itself. Without this check the
      // sizing recursed to max_depth with every alias fanning out again (4^512 for `&d [*d, *d,
      // *d, *d]`: a hang found by fuzz_openapi_load).
      if (!open_.insert(key).second) {
        if (!recursive_) recursive_ = node.Mark();
        return budget_ + 1;
      }
    }
    std::size_t total = 1;
    for (const auto& child : node) {
      total = saturated(total + size(node.IsMap() ? child.second : child, depth + 1));
      if (total > budget_) break;
    }
    if (pos >= 0) {
      open_.erase(key);
      memo_.emplace(key, total);
    }
    return total;
  }

  const std::optional<YAML::Mark>& recursive() const { return recursive_; }

  /// Walks in document order to the node where the running count passes the budget, skipping
  /// whole subtrees that fit.
  std::optional<YAML::Mark> locate(const YAML::Node& node, std::size_t& count, int depth) {
    if (++count > budget_) return node.Mark();
    if (depth > max_depth_ || (!node.IsSequence() && !node.IsMap())) return std::nullopt;
    for (const auto& child : node) {
      const YAML::Node& next = node.IsMap() ? child.second : child;
      const std::size_t next_size = size(next, depth + 1);
      if (count + next_size <= budget_) {
        count += next_size;
        continue;
      }
      return locate(next, count, depth + 1);
    }
    return std::nullopt;
  }

 private:
  std::size_t saturated(std::size_t value) const { return value > budget_ ? budget_ + 1 : value; }

  std::size_t budget_;
  int max_depth_;
  std::unordered_map<std::uint64_t, std::size_t> memo_;
  std::unordered_set<std::uint64_t> open_;  // containers being sized, on the current path
  std::optional<YAML::Mark> recursive_;
};

}  // namespace

std::optional<ExpansionProblem> first_node_over_budget(const YAML::Node& root, std::size_t budget, int max_depth) {
  ExpansionSizer sizer(budget, max_depth);
  if (sizer.size(root, 0) <= budget) return std::nullopt;
  if (sizer.recursive()) return ExpansionProblem{*sizer.recursive(), true};
  std::size_t count = 0;
  auto mark = sizer.locate(root, count, 0);
  if (!mark) return std::nullopt;
  return ExpansionProblem{*mark, false};
}

bool may_hold_anchors(std::string_view text) {
  for (auto at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    const char before = at == 0 ? '\n' : text[at - 1];
    const char after = at + 1 < text.size() ? text[at + 1] : ' ';
    const bool property_start = before == ' ' || before == '\t' || before == '\n' || before == '\r' ||
                                before == '[' || before == '{' || before == ',';
    if (property_start && after != ' ' && after != '\t' && after != '\n' && after != '\r') return true;
  }
  return false;
}

}  // namespace sonde::openapi
