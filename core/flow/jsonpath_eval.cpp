#include "core/flow/jsonpath_eval.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "core/flow/jsonpath_compare.hpp"

namespace sonde::flow::jsonpath {

namespace {

using json = nlohmann::json;

bool test(const Expr& e, const json& root, const json& current);
Typed call(const Expr& e, const json& root, const json& current);

// --- selectors (section 2.3) ---

void select_name(const Selector& s, const json& node, Nodes& out) {
  if (!node.is_object()) return;
  auto it = node.find(s.name);
  if (it != node.end()) out.push_back(&*it);
}

void select_children(const json& node, Nodes& out) {
  if (!node.is_array() && !node.is_object()) return;
  for (const json& child : node) out.push_back(&child);
}

void select_index(const Selector& s, const json& node, Nodes& out) {
  if (!node.is_array()) return;
  const auto len = static_cast<std::int64_t>(node.size());
  const std::int64_t i = s.index < 0 ? len + s.index : s.index;
  if (i >= 0 && i < len) out.push_back(&node[static_cast<std::size_t>(i)]);
}

// Section 2.3.4.2.2: normalize the bounds, clamp them to the array, then step.
void select_slice(const Selector& s, const json& node, Nodes& out) {
  if (!node.is_array() || s.step == 0) return;
  const auto len = static_cast<std::int64_t>(node.size());
  const std::int64_t step = s.step;
  const auto normalize = [len](std::int64_t i) { return i >= 0 ? i : len + i; };
  const std::int64_t start = s.start ? normalize(*s.start) : (step > 0 ? 0 : len - 1);
  const std::int64_t end = s.end ? normalize(*s.end) : (step > 0 ? len : -len - 1);
  const auto at = [&](std::int64_t i) { out.push_back(&node[static_cast<std::size_t>(i)]); };
  if (step > 0) {
    const std::int64_t lower = std::clamp<std::int64_t>(start, 0, len);
    const std::int64_t upper = std::clamp<std::int64_t>(end, 0, len);
    for (std::int64_t i = lower; i < upper; i += step) at(i);
  } else {
    const std::int64_t upper = std::clamp<std::int64_t>(start, -1, len - 1);
    const std::int64_t lower = std::clamp<std::int64_t>(end, -1, len - 1);
    for (std::int64_t i = upper; lower < i; i += step) at(i);
  }
}

void select_filter(const Selector& s, const json& root, const json& node, Nodes& out) {
  if (!node.is_array() && !node.is_object()) return;
  for (const json& child : node) {
    if (test(*s.filter, root, child)) out.push_back(&child);
  }
}

void apply_selector(const Selector& s, const json& root, const json& node, Nodes& out) {
  switch (s.kind) {
    case Selector::Kind::name: return select_name(s, node, out);
    case Selector::Kind::wildcard: return select_children(node, out);
    case Selector::Kind::index: return select_index(s, node, out);
    case Selector::Kind::slice: return select_slice(s, node, out);
    case Selector::Kind::filter: return select_filter(s, root, node, out);
  }
}

void apply_selectors(const Segment& seg, const json& root, const json& node, Nodes& out) {
  for (const Selector& s : seg.selectors) apply_selector(s, root, node, out);
}

// --- segments (section 2.5) ---

// Section 2.5.2.2: the input node, then its descendants, each before its own descendants and
// array elements in order: a pre-order walk (with an explicit stack, for deep documents).
void apply_descendant(const Segment& seg, const json& root, const json& node, Nodes& out) {
  std::vector<const json*> stack{&node};
  while (!stack.empty()) {
    const json* n = stack.back();
    stack.pop_back();
    apply_selectors(seg, root, *n, out);
    if (!n->is_array() && !n->is_object()) continue;
    for (auto it = n->rbegin(); it != n->rend(); ++it) stack.push_back(&*it);
  }
}

// --- filter expressions (section 2.3.5) ---

Nodes nodes_of(const Expr& e, const json& root, const json& current) {
  if (e.kind == Expr::Kind::query) return evaluate(e.query, root, current);
  return call(e, root, current).nodes;
}

Value value_of(const Expr& e, const json& root, const json& current) {
  if (e.kind == Expr::Kind::literal) return Value(&e.literal);
  if (e.kind == Expr::Kind::function) return call(e, root, current).value;
  Nodes nodes = evaluate(e.query, root, current);  // a singular query: at most one node
  return nodes.empty() ? Value() : Value(nodes.front());
}

Typed call(const Expr& e, const json& root, const json& current) {
  std::vector<Typed> args(e.operands.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Expr& arg = *e.operands[i];
    switch (e.function->params[i]) {
      case Type::value: args[i].value = value_of(arg, root, current); break;
      case Type::nodes: args[i].nodes = nodes_of(arg, root, current); break;
      case Type::logical: args[i].logical = test(arg, root, current); break;
    }
  }
  return e.function->call(e, args);
}

bool test_operand(const Expr& e, const json& root, const json& current) {
  if (e.kind == Expr::Kind::function && e.function->result == Type::logical) return call(e, root, current).logical;
  return !nodes_of(e, root, current).empty();
}

bool test(const Expr& e, const json& root, const json& current) {
  const auto& ops = e.operands;
  switch (e.kind) {
    case Expr::Kind::test: return test_operand(*ops[0], root, current);
    case Expr::Kind::function: return call(e, root, current).logical;
    case Expr::Kind::compare:
      return compare(e.op, get(value_of(*ops[0], root, current)), get(value_of(*ops[1], root, current)));
    case Expr::Kind::and_:
      return std::all_of(ops.begin(), ops.end(), [&](const ExprPtr& op) { return test(*op, root, current); });
    case Expr::Kind::or_:
      return std::any_of(ops.begin(), ops.end(), [&](const ExprPtr& op) { return test(*op, root, current); });
    case Expr::Kind::not_: return !test(*ops[0], root, current);
    case Expr::Kind::literal:
    case Expr::Kind::query: break;  // the parser wraps these (see Expr)
  }
  return false;
}

}  // namespace

Nodes evaluate(const Query& query, const json& root, const json& current) {
  Nodes nodes{query.relative ? &current : &root};
  Nodes next;
  for (const Segment& seg : query.segments) {
    next.clear();
    for (const json* node : nodes) {
      if (seg.descendant) {
        apply_descendant(seg, root, *node, next);
      } else {
        apply_selectors(seg, root, *node, next);
      }
    }
    nodes.swap(next);
  }
  return nodes;
}

}  // namespace sonde::flow::jsonpath
