#pragma once
/// Converting a yaml-cpp tree into JSON under the YAML 1.2 core schema (plain scalars become null,
/// booleans and numbers; quoted ones stay strings), with depth and node budgets against alias bombs.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/openapi/source_file.hpp"

namespace YAML {
class Node;
}

namespace sonde::openapi {

struct YamlParsed {
  std::unique_ptr<YAML::Node> root;
  nlohmann::json tree;
};

/// Parses YAML text; errors name `path:line:col` and are of kind invalid_input.
Result<YamlParsed> parse_yaml(const std::string& path, const std::string& text, const ParseLimits& limits);

/// Line and column (1-based) of the node at `pointer` in a parsed YAML tree (nearest ancestor if absent).
LineCol yaml_locate(const YAML::Node& root, std::string_view pointer);

}  // namespace sonde::openapi
