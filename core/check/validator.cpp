#include "core/check/validator.hpp"

#include "core/check/keyword_family.hpp"
#include "core/check/stream_validator.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check {

std::string Violation::message() const {
  if (actual.empty()) return "expected " + expected;
  return "expected " + expected + ", got " + actual;
}

namespace detail {

bool Walker::fail(const Node& node, std::string_view keyword, std::string expected, std::string actual) {
  if (quick()) return false;
  return fail_at(json_pointer::append(node.pointer, keyword), keyword, std::move(expected), std::move(actual));
}

bool Walker::fail_at(std::string schema_pointer, std::string_view keyword, std::string expected,
                     std::string actual) {
  if (quick() || budget_->exhausted) return false;
  std::string at = pointer();
  // The same keyword failing at the same place twice (allOf reaching one schema by two $refs)
  // is one violation.
  for (const Violation& v : sink_->violations) {
    if (v.pointer == at && v.schema == schema_pointer) return false;
  }
  if (sink_->violations.size() >= options_.max_violations) {
    ++sink_->omitted;
    return false;
  }
  sink_->violations.push_back(
      {std::move(at), std::move(schema_pointer), std::string(keyword), std::move(expected), std::move(actual)});
  return false;
}

bool Walker::spend(const Node& node) {
  if (budget_->exhausted) return false;
  if (++budget_->used <= budget_->limit) return true;
  budget_->exhausted = true;
  ValidationResult& result = *budget_->result;
  result.too_costly = true;
  // Kept even when the list is full: it is the one that says the others are not the whole story.
  if (!result.violations.empty() && result.violations.size() >= options_.max_violations) {
    result.violations.pop_back();
    ++result.omitted;
  }
  // The whole body ("" pointer): a probe walker's path is relative, and the work blew up over
  // many locations anyway. The schema pointer names the node reached when the budget ran out.
  result.violations.push_back({"", node.pointer, "evaluation",
                               "a schema that can be checked in at most " + std::to_string(budget_->limit) +
                                   " evaluations of this body",
                               "more: allOf/anyOf/oneOf over shared $refs multiply the work; the body was not "
                               "fully checked"});
  return false;
}

std::string Walker::pointer() const {
  std::string out;
  for (const auto& t : path_) {
    out += '/';
    out += t.is_index ? std::to_string(t.index) : json_pointer::escape(t.key);
  }
  return out;
}

namespace {

constexpr int k_max_depth = 2000;

struct DepthGuard {
  explicit DepthGuard(Walker& w) : w_(w) { ++w_.depth; }
  ~DepthGuard() { --w_.depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Walker& w_;
};

// Enters the node's resource into the dynamic scope when it is not the innermost one already.
struct ScopeGuard {
  ScopeGuard(Walker& w, const DynamicScope* scope) : w_(w), pushed_(scope && (w.scopes.empty() || w.scopes.back() != scope)) {
    if (pushed_) w_.scopes.push_back(scope);
  }
  ~ScopeGuard() {
    if (pushed_) w_.scopes.pop_back();
  }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
  Walker& w_;
  bool pushed_;
};

// $dynamicRef: the outermost resource of the dynamic scope that declares the anchor, else the static target.
const Node& dynamic_target(const Node& node, const Walker& w) {
  if (!node.dynamic_name.empty()) {
    for (const DynamicScope* scope : w.scopes) {
      if (const Node* found = scope->find(node.dynamic_name)) return *found;
    }
  }
  return *node.dynamic_ref;
}

}  // namespace

bool validate_node(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  if (!w.spend(node)) return false;
  if (node.nullable && value.type() == JsonType::null) return true;
  DepthGuard guard(w);
  if (w.depth > k_max_depth) {
    return w.fail(node, "$ref", "a schema that terminates", "references nested " + std::to_string(k_max_depth) + " deep (a $ref loop?)");
  }
  if (node.always_false) return w.fail(node, "false", "nothing (the schema is false)", value.dump());
  bool ok = true;
  // Annotations for unevaluatedProperties/unevaluatedItems are gathered here when this node asks.
  Evaluated local;
  Evaluated* sink = evaluated;
  bool unevaluated_items = node.array && (node.array->unevaluated || node.array->unevaluated_false);
  if (unevaluated_items || (node.object && (node.object->unevaluated || node.object->unevaluated_false))) sink = &local;
  auto step = [&](bool passed) {
    ok = ok && passed;
    return ok || !w.quick();
  };
  ScopeGuard scope(w, node.scope);
  if (node.ref && !step(validate_node(*node.ref, value, w, sink))) return false;
  if (node.dynamic_ref && !step(validate_node(dynamic_target(node, w), value, w, sink))) return false;
  if (node.has_type && !step(validate_type(node, value, w))) return false;
  if (node.numeric && !step(validate_numeric(node, value, w))) return false;
  if (node.string && !step(validate_string(node, value, w))) return false;
  if (node.array && !step(validate_array(node, value, w, sink))) return false;
  if ((node.const_value || node.enum_values) && !step(validate_enum(node, value, w))) return false;
  if (node.combinators || node.discriminator) {
    if (!step(validate_combinators(node, value, w, sink))) return false;
  }
  if (node.object && !step(validate_object(node, value, w, sink))) return false;
  if (unevaluated_items && !step(check_unevaluated_items(node, value, w, sink))) return false;
  if (sink == &local && evaluated) evaluated->insert(evaluated->end(), local.begin(), local.end());
  return ok;
}

}  // namespace detail

std::uint64_t evaluation_budget(const ValidationOptions& options, std::uint64_t values) {
  if (options.max_evaluations) return options.max_evaluations;
  return k_evaluation_base + k_evaluations_per_value * values;
}

ValidationResult validate(const Node& schema, JsonValue instance, const ValidationOptions& options) {
  ValidationResult result;
  detail::Budget budget{evaluation_budget(options, instance.tape()->entries.size()), 0, false, &result};
  detail::Walker walker(options, &result, &budget);
  detail::validate_node(schema, instance, walker, nullptr);
  return result;
}

Result<ValidationResult> validate_body(const Node& schema, std::string& body, const ValidationOptions& options) {
  return validate_body(schema, body.data(), body.size(), options);
}

Result<ValidationResult> validate_body(const Node& schema, char* data, std::size_t size,
                                       const ValidationOptions& options) {
  if (size > UINT32_MAX) {
    return fail(ErrorKind::invalid_input, "bodies above 4 GiB are not supported", std::to_string(size) + " bytes");
  }
  TapeParser parser(data, size);
  ValidationResult result;
  // Values are not counted before the body is parsed; every value (or key) takes at least one
  // byte and a separator.
  detail::Budget budget{evaluation_budget(options, size / 2 + 1), 0, false, &result};
  detail::Walker walker(options, &result, &budget);
  if (auto streamed = detail::stream_value(schema, parser, walker, 0); !streamed) return std::unexpected(streamed.error());
  if (auto end = parser.finish(); !end) return std::unexpected(end.error());
  return result;
}

}  // namespace sonde::check
