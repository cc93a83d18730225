#include "core/diff/operation_pairing.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sonde::diff {

namespace {

using openapi::Operation;
using Group = std::vector<const Operation*>;

std::vector<std::string> ambiguous(const std::map<std::string, Group>& groups) {
  std::vector<std::string> out;
  for (const auto& [key, group] : groups) {
    if (group.size() < 2) continue;
    std::string templates;
    for (const auto* op : group) templates += (templates.empty() ? "" : ", ") + op->path;
    out.push_back(group.front()->method + " " + templates +
                  " differ only in parameter names (OpenAPI forbids it); paired by template, then operationId, "
                  "then document order");
  }
  return out;
}

// Pairs within one key: exact template first, then operationId, then what is left in order.
void pair_group(const Group& bases, const Group& revs, std::map<const Operation*, const Operation*>& out,
                std::set<const Operation*>& used) {
  auto take = [&](auto same) {
    for (const auto* b : bases) {
      if (out.contains(b)) continue;
      for (const auto* r : revs) {
        if (used.contains(r) || !same(*b, *r)) continue;
        out[b] = r;
        used.insert(r);
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
  if (op.path.size() > 1 && op.path.back() == '/') key += '/';
  return key;
}

namespace {

void pair_list(const std::vector<Operation>& base, const std::vector<Operation>& rev, bool webhook, Pairing& result) {
  auto group = [](const std::vector<Operation>& ops) {
    std::map<std::string, Group> out;
    for (const auto& op : ops) out[pairing_key(op)].push_back(&op);
    return out;
  };
  auto base_groups = group(base), rev_groups = group(rev);
  std::map<const Operation*, const Operation*> paired;
  std::set<const Operation*> used;
  for (const auto& [key, bases] : base_groups) {
    if (auto it = rev_groups.find(key); it != rev_groups.end()) pair_group(bases, it->second, paired, used);
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
  for (const auto& op : base) {
    auto it = paired.find(&op);
    result.pairs.push_back({&op, it == paired.end() ? nullptr : it->second, webhook});
  }
  for (const auto& op : rev) {
    if (!used.contains(&op)) result.pairs.push_back({nullptr, &op, webhook});
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
