#pragma once
/// Reading members of JSON written by others (descriptions, HAR files, ignore files): a member
/// of the wrong type is treated as absent. nlohmann's value(key, default) throws instead when the
/// member exists with another type (`type:` left empty in YAML is null), which ended as an
/// internal error.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sonde {

/// The member `key` of `object` when it is a string, else `fallback` (also when `object` is not
/// an object). `Json` is nlohmann::json or a description's openapi::DocValue.
template <class Json>
std::string string_member(const Json& object, std::string_view key, std::string_view fallback = {}) {
  if (!object.is_object()) return std::string(fallback);
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->template get<std::string>() : std::string(fallback);
}

}  // namespace sonde
