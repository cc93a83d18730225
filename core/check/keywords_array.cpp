// items, prefixItems (and the draft-4 array form of items), contains/minContains/maxContains,
// minItems/maxItems, uniqueItems.
#include <algorithm>
#include <functional>
#include <optional>
#include <tuple>

#include "core/check/keyword_family.hpp"

namespace sonde::check::detail {

namespace {

bool values_equal(JsonValue a, JsonValue b) {
  bool a_num = a.type() == JsonType::integer || a.type() == JsonType::number;
  bool b_num = b.type() == JsonType::integer || b.type() == JsonType::number;
  if (a_num && b_num) {
    if (a.type() == JsonType::integer && b.type() == JsonType::integer) {
      if (a.is_big_integer() || b.is_big_integer()) return a.is_big_integer() && b.is_big_integer() && a.text() == b.text();
      return a.entry().i == b.entry().i;
    }
    return a.as_double() == b.as_double();
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case JsonType::null: return true;
    case JsonType::boolean: return a.as_bool() == b.as_bool();
    case JsonType::string: return a.text() == b.text();
    case JsonType::array: {
      if (a.size() != b.size()) return false;
      JsonValue x = a.first_child(), y = b.first_child();
      for (std::size_t i = 0; i < a.size(); ++i, x = x.next_sibling(), y = y.next_sibling()) {
        if (!values_equal(x, y)) return false;
      }
      return true;
    }
    case JsonType::object: {
      if (a.size() != b.size()) return false;
      JsonValue k = a.first_child();
      for (std::size_t i = 0; i < a.size(); ++i) {
        JsonValue v = k.next_sibling(), other{nullptr, 0};
        if (!b.find(k.text(), other) || !values_equal(v, other)) return false;
        k = v.next_sibling();
      }
      return true;
    }
    default: return false;
  }
}

// A structural hash consistent with values_equal: numbers by value, object members in any order.
std::uint64_t value_hash(JsonValue v) {
  auto mix = [](std::uint64_t h, std::uint64_t x) { return (h ^ x) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull; };
  switch (v.type()) {
    case JsonType::null: return 1;
    case JsonType::boolean: return v.as_bool() ? 2 : 3;
    case JsonType::integer:
    case JsonType::number: return std::hash<double>{}(v.as_double());
    case JsonType::string: return std::hash<std::string_view>{}(v.text());
    case JsonType::array: {
      std::uint64_t h = 5;
      JsonValue c = v.first_child();
      for (std::size_t i = 0; i < v.size(); ++i, c = c.next_sibling()) h = mix(h, value_hash(c));
      return h;
    }
    case JsonType::object: {
      std::uint64_t h = 7;
      JsonValue k = v.first_child();
      for (std::size_t i = 0; i < v.size(); ++i) {
        JsonValue member = k.next_sibling();
        h += mix(std::hash<std::string_view>{}(k.text()), value_hash(member));  // order-independent
        k = member.next_sibling();
      }
      return h;
    }
  }
  return 0;
}

// The first pair of equal items, found by sorting hashes (O(n log n)) instead of comparing every
// pair: uniqueItems on a 100,000-item array must not take minutes.
std::optional<std::pair<std::size_t, std::size_t>> first_duplicate(JsonValue array) {
  std::vector<std::tuple<std::uint64_t, std::size_t, std::uint32_t>> items;
  items.reserve(array.size());
  JsonValue c = array.first_child();
  for (std::size_t i = 0; i < array.size(); ++i, c = c.next_sibling()) items.emplace_back(value_hash(c), i, c.index());
  std::sort(items.begin(), items.end());
  for (std::size_t a = 0; a < items.size(); ++a) {
    for (std::size_t b = a + 1; b < items.size() && std::get<0>(items[b]) == std::get<0>(items[a]); ++b) {
      if (values_equal({array.tape(), std::get<2>(items[a])}, {array.tape(), std::get<2>(items[b])})) {
        return std::pair{std::get<1>(items[a]), std::get<1>(items[b])};
      }
    }
  }
  return std::nullopt;
}

Result<const Node*> sub_schema(const Json& j, const std::string& pointer, SchemaCompiler& compiler) {
  return compiler.compile(j, pointer);
}

}  // namespace

Result<void> compile_array(const Json& schema, Node& node, SchemaCompiler& compiler) {
  ArrayKeywords k;
  bool any = false;
  if (auto p = schema.find("prefixItems"); p != schema.end()) {
    if (!p->is_array()) return schema_error(node, "prefixItems", "must be an array of schemas");
    for (std::size_t i = 0; i < p->size(); ++i) {
      auto sub = sub_schema((*p)[i], node.pointer + "/prefixItems/" + std::to_string(i), compiler);
      if (!sub) return std::unexpected(sub.error());
      k.prefix_items.push_back(*sub);
    }
    any = true;
  }
  if (auto it = schema.find("items"); it != schema.end()) {
    any = true;
    if (it->is_array()) {
      // Draft-4 tuple form (seen in 3.0 descriptions): the same as 2020-12 prefixItems.
      for (std::size_t i = 0; i < it->size(); ++i) {
        auto sub = sub_schema((*it)[i], node.pointer + "/items/" + std::to_string(i), compiler);
        if (!sub) return std::unexpected(sub.error());
        k.prefix_items.push_back(*sub);
      }
    } else if (it->is_boolean() && !it->get<bool>()) {
      k.items_false = true;
    } else {
      auto sub = sub_schema(*it, node.pointer + "/items", compiler);
      if (!sub) return std::unexpected(sub.error());
      k.items = *sub;
    }
  }
  if (auto c = schema.find("contains"); c != schema.end()) {
    auto sub = sub_schema(*c, node.pointer + "/contains", compiler);
    if (!sub) return std::unexpected(sub.error());
    k.contains = *sub;
    any = true;
  }
  for (auto [keyword, field] : {std::pair{"minItems", &k.min_items}, std::pair{"maxItems", &k.max_items},
                                std::pair{"minContains", &k.min_contains}, std::pair{"maxContains", &k.max_contains}}) {
    auto count = read_count(schema, keyword, node);
    if (!count) return std::unexpected(count.error());
    *field = *count;
    any = any || count->has_value();
  }
  if (auto u = schema.find("unevaluatedItems"); u != schema.end()) {
    if (u->is_boolean() && !u->get<bool>()) {
      k.unevaluated_false = true;
    } else {  // `true` too: it marks every item evaluated for an enclosing unevaluatedItems
      auto sub = sub_schema(*u, node.pointer + "/unevaluatedItems", compiler);
      if (!sub) return std::unexpected(sub.error());
      k.unevaluated = *sub;
    }
    any = true;
  }
  if (auto u = schema.find("uniqueItems"); u != schema.end() && u->is_boolean() && u->get<bool>()) {
    k.unique_items = true;
    any = true;
  }
  if (any) node.array = std::make_unique<ArrayKeywords>(std::move(k));
  return {};
}

bool validate_array(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  if (value.type() != JsonType::array) return true;
  const ArrayKeywords& k = *node.array;
  bool ok = true;
  auto note = [&](bool passed) {
    ok = ok && passed;
    return ok || !w.quick();
  };
  std::size_t n = value.size();
  if (k.min_items && n < *k.min_items &&
      !note(w.fail(node, "minItems", "at least " + counted(*k.min_items, "item"), std::to_string(n)))) {
    return false;
  }
  if (k.max_items && n > *k.max_items &&
      !note(w.fail(node, "maxItems", "at most " + counted(*k.max_items, "item"), std::to_string(n)))) {
    return false;
  }
  std::uint64_t contained = 0;
  JsonValue item = value.first_child();
  for (std::size_t i = 0; i < n; ++i, item = item.next_sibling()) {
    const Node* schema = i < k.prefix_items.size() ? k.prefix_items[i] : k.items;
    w.push_index(i);
    if (!schema && k.items_false && i >= k.prefix_items.size()) {
      note(w.fail(node, "items", "at most " + counted(k.prefix_items.size(), "item"), std::to_string(n)));
    } else if (schema) {
      note(validate_node(*schema, item, w, nullptr));
      if (evaluated) evaluated->push_back(item.index());
    }
    if (k.contains) {
      Walker::Quiet quiet(w);
      bool matched = validate_node(*k.contains, item, w, nullptr);
      contained += matched;
      if (matched && evaluated) evaluated->push_back(item.index());
    }
    w.pop();
    if (!ok && w.quick()) return false;
  }
  if (k.contains) {
    std::uint64_t min = k.min_contains.value_or(1);
    if (contained < min &&
        !note(w.fail(node, k.min_contains ? "minContains" : "contains",
                     "at least " + std::to_string(min) + " items matching contains", std::to_string(contained)))) {
      return false;
    }
    if (k.max_contains && contained > *k.max_contains &&
        !note(w.fail(node, "maxContains", "at most " + std::to_string(*k.max_contains) + " items matching contains",
                     std::to_string(contained)))) {
      return false;
    }
  }
  if (k.unique_items) {
    if (auto pair = first_duplicate(value)) {
      return note(w.fail(node, "uniqueItems", "unique items",
                         "items " + std::to_string(pair->first) + " and " + std::to_string(pair->second) + " are equal"));
    }
  }
  return ok;
}

bool check_unevaluated_items(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  if (value.type() != JsonType::array) return true;
  const ArrayKeywords& k = *node.array;
  std::sort(evaluated->begin(), evaluated->end());
  bool ok = true;
  JsonValue item = value.first_child();
  for (std::size_t i = 0; i < value.size(); ++i, item = item.next_sibling()) {
    if (std::binary_search(evaluated->begin(), evaluated->end(), item.index())) continue;
    w.push_index(i);
    if (k.unevaluated_false) {
      ok = w.fail(node, "unevaluatedItems", "no item not covered by the schema", item.dump(40));
    } else {
      ok = validate_node(*k.unevaluated, item, w, nullptr) && ok;
    }
    w.pop();
    if (!ok && w.quick()) return false;
  }
  // unevaluatedItems evaluates every remaining item, for an enclosing schema's own check.
  item = value.first_child();
  for (std::size_t i = 0; i < value.size(); ++i, item = item.next_sibling()) evaluated->push_back(item.index());
  return ok;
}

}  // namespace sonde::check::detail
