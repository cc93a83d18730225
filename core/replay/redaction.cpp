#include "core/replay/redaction.hpp"

#include "core/replay/request.hpp"

namespace sonde::replay {

Redactor::Redactor(std::vector<std::string> extra_names)
    : names_{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-API-Key"} {
  for (auto& n : extra_names) names_.push_back(std::move(n));
}

bool Redactor::is_secret(std::string_view name) const {
  for (const auto& n : names_) {
    if (iequals(n, name)) return true;
  }
  return false;
}

std::string Redactor::shown(std::string_view name, std::string_view value) const {
  if (!is_secret(name)) return std::string(value);
  if (iequals(name, "Authorization") || iequals(name, "Proxy-Authorization")) {
    if (auto space = value.find(' '); space != std::string_view::npos) return std::string(value.substr(0, space)) + " ***";
  }
  return "***";
}

}  // namespace sonde::replay
