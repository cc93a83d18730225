#include "core/check/validator.hpp"

#include "core/check/keyword_family.hpp"
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
  if (quick()) return false;
  if (sink_->violations.size() >= options_.max_violations) {
    ++sink_->omitted;
    return false;
  }
  sink_->violations.push_back(
      {pointer(), std::move(schema_pointer), std::string(keyword), std::move(expected), std::move(actual)});
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

}  // namespace

bool validate_node(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  if (node.nullable && value.type() == JsonType::null) return true;
  DepthGuard guard(w);
  if (w.depth > k_max_depth) {
    return w.fail(node, "$ref", "a schema that terminates", "references nested " + std::to_string(k_max_depth) + " deep (a $ref loop?)");
  }
  if (node.always_false) return w.fail(node, "false", "nothing (the schema is false)", value.dump());
  bool ok = true;
  // Annotations for unevaluatedProperties are gathered here when this node asks for them.
  Evaluated local;
  Evaluated* sink = evaluated;
  if (node.object && (node.object->unevaluated || node.object->unevaluated_false)) sink = &local;
  auto step = [&](bool passed) {
    ok = ok && passed;
    return ok || !w.quick();
  };
  if (node.ref && !step(validate_node(*node.ref, value, w, sink))) return false;
  if (node.has_type && !step(validate_type(node, value, w))) return false;
  if (node.numeric && !step(validate_numeric(node, value, w))) return false;
  if (node.string && !step(validate_string(node, value, w))) return false;
  if (node.array && !step(validate_array(node, value, w))) return false;
  if ((node.const_value || node.enum_values) && !step(validate_enum(node, value, w))) return false;
  if (node.combinators || node.discriminator) {
    if (!step(validate_combinators(node, value, w, sink))) return false;
  }
  if (node.object && !step(validate_object(node, value, w, sink))) return false;
  if (sink == &local && evaluated) evaluated->insert(evaluated->end(), local.begin(), local.end());
  return ok;
}

}  // namespace detail

ValidationResult validate(const Node& schema, JsonValue instance, const ValidationOptions& options) {
  ValidationResult result;
  detail::Walker walker(options, &result);
  detail::validate_node(schema, instance, walker, nullptr);
  return result;
}

namespace {

// A root schema can be streamed when, after following $ref, it only says "array of X" plus counts:
// then no keyword needs two elements at once.
const Node* streamable_items(const Node& schema) {
  const Node* node = &schema;
  while (node->ref && !node->has_type && !node->array && !node->combinators && !node->object &&
         !node->const_value && !node->enum_values && !node->nullable) {
    node = node->ref;
  }
  if (node->ref || node->combinators || node->discriminator || node->object || node->const_value ||
      node->enum_values || node->always_false || !node->array || !(node->types & k_array)) {
    return nullptr;
  }
  const ArrayKeywords& a = *node->array;
  if (a.unique_items || a.contains || !a.prefix_items.empty() || !a.items) return nullptr;
  return node;
}

}  // namespace

Result<ValidationResult> validate_body(const Node& schema, std::string& body, const ValidationOptions& options) {
  TapeParser parser(body);
  Tape tape;
  const Node* array_node = streamable_items(schema);
  if (array_node && parser.begin_array()) {
    ValidationResult result;
    detail::Walker walker(options, &result);
    std::size_t count = 0;
    while (true) {
      auto more = parser.next_element(tape);
      if (!more) return std::unexpected(more.error());
      if (!*more) break;
      walker.push_index(count++);
      detail::validate_node(*array_node->array->items, tape.root(), walker, nullptr);
      walker.pop();
    }
    if (auto end = parser.finish(); !end) return std::unexpected(end.error());
    const ArrayKeywords& a = *array_node->array;
    if (a.min_items && count < *a.min_items) {
      walker.fail(*array_node, "minItems", "at least " + detail::counted(*a.min_items, "item"),
                  std::to_string(count));
    }
    if (a.max_items && count > *a.max_items) {
      walker.fail(*array_node, "maxItems", "at most " + detail::counted(*a.max_items, "item"),
                  std::to_string(count));
    }
    return result;
  }
  if (auto parsed = parser.parse_document(tape); !parsed) return std::unexpected(parsed.error());
  return validate(schema, tape.root(), options);
}

}  // namespace sonde::check
