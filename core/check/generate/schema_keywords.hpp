#pragma once
/// Reading schema keywords from untrusted descriptions with their types checked (nlohmann's
/// value() would throw on a mismatch), for the case generators.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sonde::check::generate::keywords {

inline const nlohmann::json* member(const nlohmann::json& s, const char* key) {
  if (!s.is_object()) return nullptr;
  auto it = s.find(key);
  return it == s.end() ? nullptr : &*it;
}
inline std::string text(const nlohmann::json& s, const char* key) {
  const auto* m = member(s, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}
inline std::optional<double> number(const nlohmann::json& s, const char* key) {
  const auto* m = member(s, key);
  return m && m->is_number() ? std::optional<double>(m->get<double>()) : std::nullopt;
}
inline std::optional<std::size_t> count(const nlohmann::json& s, const char* key) {
  const auto* m = member(s, key);
  if (m == nullptr || !m->is_number_integer() || m->get<std::int64_t>() < 0) return std::nullopt;
  return static_cast<std::size_t>(m->get<std::int64_t>());
}
inline bool flag(const nlohmann::json& s, const char* key) {
  const auto* m = member(s, key);
  return m && m->is_boolean() && m->get<bool>();
}
/// The declared types: `type` as a string or (3.1) an array; "null" added for 3.0 `nullable`.
inline std::vector<std::string> types(const nlohmann::json& s) {
  std::vector<std::string> out;
  if (const auto* t = member(s, "type")) {
    if (t->is_string()) out.push_back(t->get<std::string>());
    else if (t->is_array()) {
      for (const auto& x : *t) if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  if (flag(s, "nullable")) out.push_back("null");
  return out;
}
/// The schema's exclusive bounds in both dialects: 3.0 booleans beside minimum/maximum, 3.1 numbers.
struct Bounds {
  std::optional<double> min, max;
  bool min_exclusive = false, max_exclusive = false;
};
inline Bounds bounds(const nlohmann::json& s) {
  Bounds b;
  b.min = number(s, "minimum");
  b.max = number(s, "maximum");
  if (const auto* e = member(s, "exclusiveMinimum")) {
    if (e->is_boolean()) b.min_exclusive = e->get<bool>() && b.min;
    else if (e->is_number() && (!b.min || e->get<double>() >= *b.min)) b.min = e->get<double>(), b.min_exclusive = true;
  }
  if (const auto* e = member(s, "exclusiveMaximum")) {
    if (e->is_boolean()) b.max_exclusive = e->get<bool>() && b.max;
    else if (e->is_number() && (!b.max || e->get<double>() <= *b.max)) b.max = e->get<double>(), b.max_exclusive = true;
  }
  return b;
}

}  // namespace sonde::check::generate::keywords
