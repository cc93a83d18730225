#include "core/check/stream_validator.hpp"

#include <algorithm>
#include <bit>

#include "core/check/keyword_family.hpp"

namespace sonde::check::detail {

namespace {

// Objects are streamed down to this depth; deeper ones are small enough to parse whole.
constexpr int k_object_stream_depth = 2;

// Follows $refs that carry nothing else, so `{"$ref": "#/.../List"}` streams like List itself.
// A chain longer than this is a loop ({"$ref": "#"}): the schema is then validated whole, where
// validate_node's depth limit reports it.
constexpr int k_max_plain_hops = 64;

const Node* plain(const Node& schema) {
  const Node* node = &schema;
  for (int hops = 0; node->ref && !node->has_type && !node->array && !node->combinators && !node->discriminator &&
                     !node->object && !node->numeric && !node->string && !node->const_value && !node->enum_values &&
                     !node->nullable && !node->always_false && !node->dynamic_ref && !node->scope;
       ++hops) {
    if (hops == k_max_plain_hops) return &schema;
    node = node->ref;
  }
  return node;
}

// Keywords that need the whole value (or other members) rule streaming out.
bool whole_value_keywords(const Node& n) {
  // A node in a resource with dynamic anchors must enter the dynamic scope: validate_node does that.
  return n.ref || n.dynamic_ref || n.scope || n.combinators || n.discriminator || n.const_value || n.enum_values || n.always_false;
}

bool streamable_array(const Node& n) {
  if (whole_value_keywords(n) || !n.array || !(n.types & k_array)) return false;
  const ArrayKeywords& a = *n.array;
  return !a.unique_items && !a.contains && a.prefix_items.empty() && a.items && !a.unevaluated && !a.unevaluated_false;
}

bool streamable_object(const Node& n) {
  if (whole_value_keywords(n) || !n.object || !(n.types & k_object)) return false;
  const ObjectKeywords& k = *n.object;
  return k.pattern_properties.empty() && !k.unevaluated && !k.unevaluated_false && !k.property_names &&
         k.dependent_required.empty();
}

Result<void> stream_array(const Node& node, TapeParser& parser, Walker& w) {
  const ArrayKeywords& a = *node.array;
  Tape tape;
  bool first = true;
  std::size_t count = 0;
  while (true) {
    auto more = parser.next_in_array(first);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    if (auto parsed = parser.parse_one(tape); !parsed) return parsed;
    w.push_index(count++);
    validate_node(*a.items, tape.root(), w, nullptr);
    w.pop();
  }
  if (a.min_items && count < *a.min_items) {
    w.fail(node, "minItems", "at least " + counted(*a.min_items, "item"), std::to_string(count));
  }
  if (a.max_items && count > *a.max_items) {
    w.fail(node, "maxItems", "at most " + counted(*a.max_items, "item"), std::to_string(count));
  }
  return {};
}

Result<void> stream_object(const Node& node, TapeParser& parser, Walker& w, int depth) {
  const ObjectKeywords& k = *node.object;
  Tape skipped;
  // Which properties were present: a bit each when every required name has a schema and there
  // are at most 64 (a complete object then costs no list of names and no sort); else the names.
  const bool by_bits = k.properties.size() <= 64 && k.required_missing_from_properties.empty();
  std::uint64_t seen_bits = 0;
  std::vector<std::string_view> seen;
  std::size_t n = 0;
  bool first = true;
  std::string_view key;
  while (true) {
    auto more = parser.next_in_object(first, key);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    ++n;
    if (!by_bits) seen.push_back(key);
    w.push_key(key);
    int found = k.index.find(key);
    if (by_bits && found >= 0) seen_bits |= std::uint64_t{1} << found;
    const Node* member = found >= 0 ? k.properties[static_cast<std::size_t>(found)].schema : k.additional;
    if (member) {
      if (auto r = stream_value(*member, parser, w, depth + 1); !r) return r;
    } else {
      if (auto r = parser.parse_one(skipped); !r) return r;
      if (k.additional_false) {
        w.fail(node, "additionalProperties", "no property outside properties", quoted(key));
      }
    }
    w.pop();
  }
  if (k.min_properties && n < *k.min_properties) {
    w.fail(node, "minProperties", "at least " + counted(*k.min_properties, "property"), std::to_string(n));
  }
  if (k.max_properties && n > *k.max_properties) {
    w.fail(node, "maxProperties", "at most " + counted(*k.max_properties, "property"), std::to_string(n));
  }
  if (by_bits && k.required_count) {
    std::uint64_t required_bits = 0;
    for (std::size_t i = 0; i < k.properties.size(); ++i) required_bits |= std::uint64_t{k.properties[i].required} << i;
    const auto found_required = static_cast<std::size_t>(std::popcount(seen_bits & required_bits));
    check_required(node, w, [&](std::string_view name) {
      int i = k.index.find(name);
      return i >= 0 && ((seen_bits >> i) & 1) != 0;
    }, found_required);
  } else if (!by_bits && (k.required_count || !k.required_missing_from_properties.empty())) {
    std::sort(seen.begin(), seen.end());
    check_required(node, w, [&](std::string_view name) { return std::binary_search(seen.begin(), seen.end(), name); });
  }
  return {};
}

}  // namespace

Result<void> stream_value(const Node& schema, TapeParser& parser, Walker& w, int depth) {
  const Node* node = plain(schema);
  char next = parser.peek();
  if (next == '[' && streamable_array(*node)) {
    parser.begin_array();
    return stream_array(*node, parser, w);
  }
  if (next == '{' && depth < k_object_stream_depth && streamable_object(*node)) {
    parser.begin_object();
    return stream_object(*node, parser, w, depth);
  }
  Tape tape;
  if (auto parsed = parser.parse_one(tape); !parsed) return parsed;
  validate_node(schema, tape.root(), w, nullptr);
  return {};
}

}  // namespace sonde::check::detail
