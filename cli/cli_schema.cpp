#include "cli/cli_schema.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/util/comma_list.hpp"

namespace sonde::cli {

namespace {

// CLI11 folds an IsMember validator into the type name: "FORMAT:{text,json}".
nlohmann::json choices_of(const std::string& type_name) {
  nlohmann::json choices = nlohmann::json::array();
  auto open = type_name.find(":{");
  auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return choices;
  for (const auto& item : nonempty_comma_items(type_name.substr(open + 2, close - open - 2))) choices.push_back(item);
  return choices;
}

nlohmann::json describe_option(const CLI::Option& opt) {
  nlohmann::json out;
  out["long"] = opt.get_lnames();
  out["short"] = opt.get_snames();
  out["help"] = opt.get_description();
  std::string type_name = opt.get_type_name();
  if (opt.get_type_size() == 0 || type_name.empty()) {
    out["value"] = nullptr;
  } else {
    out["value"] = type_name.substr(0, type_name.find(':'));
  }
  out["choices"] = choices_of(type_name);
  return out;
}

nlohmann::json describe_options(const CLI::App& app, bool positionals) {
  nlohmann::json list = nlohmann::json::array();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    bool is_positional = opt->get_lnames().empty() && opt->get_snames().empty();
    if (is_positional != positionals) continue;
    if (positionals) {
      nlohmann::json p = describe_option(*opt);
      p["name"] = opt->get_name();
      list.push_back(p);
    } else {
      list.push_back(describe_option(*opt));
    }
  }
  return list;
}

}  // namespace

std::string cli_schema_json(const CLI::App& app) {
  nlohmann::json schema;
  schema["global"] = describe_options(app, false);
  schema["subcommands"] = nlohmann::json::array();
  for (const CLI::App* sub : app.get_subcommands({})) {
    schema["subcommands"].push_back({{"name", sub->get_name()},
                                     {"summary", sub->get_description()},
                                     {"options", describe_options(*sub, false)},
                                     {"positionals", describe_options(*sub, true)}});
  }
  return schema.dump(2) + "\n";
}

}  // namespace sonde::cli
