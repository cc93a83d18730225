#include "core/flow/jsonpath_functions.hpp"

#include "core/flow/utf8.hpp"

namespace sonde::flow::jsonpath {

const nlohmann::json* get(const Value& value) {
  if (const auto* node = std::get_if<const nlohmann::json*>(&value)) return *node;
  return std::get_if<nlohmann::json>(&value);
}

namespace {

Typed value_result(nlohmann::json value) { return Typed{Value(std::move(value)), {}, false}; }

Typed logical_result(bool value) { return Typed{{}, {}, value}; }

// Section 2.4.4: characters of a string, elements of an array, members of an object.
Typed length(const Expr&, const std::vector<Typed>& args) {
  const nlohmann::json* v = get(args[0].value);
  if (v == nullptr) return {};
  if (v->is_string()) return value_result(count_code_points(v->get_ref<const std::string&>()));
  if (v->is_array() || v->is_object()) return value_result(v->size());
  return {};
}

// Section 2.4.5.
Typed count(const Expr&, const std::vector<Typed>& args) { return value_result(args[0].nodes.size()); }

// Sections 2.4.6 and 2.4.7: false unless both arguments are strings and the pattern an I-Regexp.
Typed regex_test(const Expr& call, const std::vector<Typed>& args, bool whole) {
  const nlohmann::json* text = get(args[0].value);
  const nlohmann::json* pattern = get(args[1].value);
  if (text == nullptr || pattern == nullptr || !text->is_string() || !pattern->is_string()) return logical_result(false);
  std::optional<IRegexp> compiled;  // a pattern taken from the document is compiled each time
  if (!call.literal_pattern) compiled = IRegexp::compile(pattern->get_ref<const std::string&>());
  const std::optional<IRegexp>& re = call.literal_pattern ? call.regex : compiled;
  if (!re) return logical_result(false);
  const auto& s = text->get_ref<const std::string&>();
  return logical_result(whole ? re->full_match(s) : re->partial_match(s));
}

Typed match(const Expr& call, const std::vector<Typed>& args) { return regex_test(call, args, true); }

Typed search(const Expr& call, const std::vector<Typed>& args) { return regex_test(call, args, false); }

// Section 2.4.8: the value of the only node, else Nothing.
Typed value(const Expr&, const std::vector<Typed>& args) {
  if (args[0].nodes.size() != 1) return {};
  return Typed{Value(args[0].nodes.front()), {}, false};
}

constexpr FunctionDef k_functions[] = {
    {"length", {Type::value, Type::value}, 1, Type::value, length},
    {"count", {Type::nodes, Type::nodes}, 1, Type::value, count},
    {"match", {Type::value, Type::value}, 2, Type::logical, match},
    {"search", {Type::value, Type::value}, 2, Type::logical, search},
    {"value", {Type::nodes, Type::nodes}, 1, Type::value, value},
};

}  // namespace

const FunctionDef* find_function(std::string_view name) {
  for (const auto& f : k_functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace sonde::flow::jsonpath
