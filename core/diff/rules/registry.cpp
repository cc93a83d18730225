// The rule table: adding a rule is one entry in a family file (plus a tests/diff-rules case);
// adding a family is one line here.
#include <algorithm>
#include <vector>

#include "core/diff/rules/rule.hpp"

namespace sonde::diff {

namespace {

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> k_all = [] {
    std::vector<Rule> out;
    for (auto family : {rules::endpoints, rules::parameters, rules::request_body, rules::responses, rules::security,
                        rules::annotations, rules::lifecycle, rules::visibility,
                        rules::discriminators}) {
      auto list = family();
      out.insert(out.end(), list.begin(), list.end());
    }
    std::sort(out.begin(), out.end(), [](const Rule& x, const Rule& y) { return x.id < y.id; });
    return out;
  }();
  return k_all;
}

const Rule* match(const Delta& delta, Area area) {
  for (const auto& rule : all_rules()) {
    if (rule.fact != delta.fact || rule.area != area) continue;
    if (rule.qualifier == When::yes && !delta.qualifier) continue;
    if (rule.qualifier == When::no && delta.qualifier) continue;
    return &rule;
  }
  return nullptr;
}

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::error: return "error";
    case Level::warning: return "warning";
    case Level::info: return "info";
  }
  return "info";
}

bool parse_level(std::string_view text, Level& level) {
  if (text == "error") level = Level::error;
  else if (text == "warning") level = Level::warning;
  else if (text == "info") level = Level::info;
  else return false;
  return true;
}

std::string_view direction_name(Direction direction) {
  return direction == Direction::request ? "request" : "response";
}

std::span<const Rule> rule_registry() { return all_rules(); }

// Schemas inside parameters are judged by the request-property rules, and schemas inside
// response headers by the response rules, unless a more specific rule claims the fact.
const Rule* rule_for(const Delta& delta) {
  if (const Rule* rule = match(delta, delta.area)) return rule;
  if (delta.area == Area::parameter) return match(delta, Area::request_body);
  if (delta.area == Area::response_header) return match(delta, Area::response);
  return nullptr;
}

const Rule* find_rule(std::string_view id) {
  for (const auto& rule : all_rules())
    if (rule.id == id) return &rule;
  return nullptr;
}

}  // namespace sonde::diff
