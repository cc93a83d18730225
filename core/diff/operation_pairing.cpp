#include "core/diff/operation_pairing.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace sonde::diff {

namespace {

using openapi::Operation;
using Group = std::vector<const Operation*>;

// An operation's pairing key without building it: its view key, and whether its path ends in a
// slash (pairing_key() appends one). Groups are hashed on it: graph-beta's 22,000 operations per
// side made a std::map of key strings a tenth of its diff.
struct KeyRef {
  std::string_view key;
  bool slash = false;
  bool operator==(const KeyRef&) const = default;
};
struct KeyRefHash {
  std::size_t operator()(const KeyRef& k) const { return std::hash<std::string_view>()(k.key) ^ std::size_t{k.slash}; }
};
KeyRef key_of(const Operation& op) { return {op.key, op.path.size() > 1 && op.path.back() == '/'}; }

using Groups = std::unordered_map<KeyRef, Group, KeyRefHash>;

// Notes in pairing-key order, as the templates' sorted keys name them.
std::vector<std::string> ambiguous(const Groups& groups) {
  std::vector<std::pair<std::string, const Group*>> sets;
  for (const auto& [key, group] : groups)
    if (group.size() >= 2) sets.emplace_back(pairing_key(*group.front()), &group);
  std::sort(sets.begin(), sets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [key, group] : sets) {
    std::string templates;
    for (const auto* op : *group) templates += (templates.empty() ? "" : ", ") + op->path;
    out.push_back(group->front()->method + " " + templates +
                  " differ only in parameter names (OpenAPI forbids it); paired by template, then operationId, "
                  "then document order");
  }
  return out;
}

// Pairs within one key: exact template first, then operationId, then what is left in order.
// `paired` is indexed by base operation, `used` by revision operation (their places in the lists).
void pair_group(const Group& bases, const Group& revs, const Operation* base0, const Operation* rev0,
                std::vector<const Operation*>& paired, std::vector<char>& used) {
  auto take = [&](auto same) {
    for (const auto* b : bases) {
      if (paired[static_cast<std::size_t>(b - base0)]) continue;
      for (const auto* r : revs) {
        if (used[static_cast<std::size_t>(r - rev0)] || !same(*b, *r)) continue;
        paired[static_cast<std::size_t>(b - base0)] = r;
        used[static_cast<std::size_t>(r - rev0)] = 1;
        break;
      }
    }
  };
  take([](const Operation& b, const Operation& r) { return b.path == r.path; });
  take([](const Operation& b, const Operation& r) { return !b.operation_id.empty() && b.operation_id == r.operation_id; });
  take([](const Operation&, const Operation&) { return true; });
}

}  // namespace

std::string pairing_key(const Operation& op) {
  std::string key = op.key;
  // View keys drop a trailing slash (for routing); for diffing, /x and /x/ are different paths.
  if (key_of(op).slash) key += '/';
  return key;
}

namespace {

void pair_list(const std::vector<Operation>& base, const std::vector<Operation>& rev, bool webhook, Pairing& result) {
  auto group = [](const std::vector<Operation>& ops) {
    Groups out;
    out.reserve(ops.size());
    for (const auto& op : ops) out[key_of(op)].push_back(&op);
    return out;
  };
  auto base_groups = group(base), rev_groups = group(rev);
  std::vector<const Operation*> paired(base.size(), nullptr);
  std::vector<char> used(rev.size(), 0);
  for (const auto& [key, bases] : base_groups) {
    if (auto it = rev_groups.find(key); it != rev_groups.end())
      pair_group(bases, it->second, base.data(), rev.data(), paired, used);
  }
  // Once per template set: unqualified when both sides have it, else naming the side.
  auto in_base = ambiguous(base_groups), in_rev = ambiguous(rev_groups);
  for (const auto& text : in_base) {
    bool both = std::find(in_rev.begin(), in_rev.end(), text) != in_rev.end();
    result.notes.push_back(both ? text : "base: " + text);
  }
  for (const auto& text : in_rev) {
    if (std::find(in_base.begin(), in_base.end(), text) == in_base.end()) result.notes.push_back("revision: " + text);
  }
  for (std::size_t i = 0; i < base.size(); ++i) result.pairs.push_back({&base[i], paired[i], webhook});
  for (std::size_t i = 0; i < rev.size(); ++i) {
    if (!used[i]) result.pairs.push_back({nullptr, &rev[i], webhook});
  }
}

}  // namespace

Pairing pair_operations(const openapi::View& base, const openapi::View& rev) {
  Pairing result;
  pair_list(base.operations, rev.operations, false, result);
  pair_list(base.webhooks, rev.webhooks, true, result);
  pair_list(base.callbacks, rev.callbacks, true, result);  // the API sends these requests too
  return result;
}

}  // namespace sonde::diff
