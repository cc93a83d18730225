// The one file that calls yaml-cpp: its exceptions end here.
#include "core/openapi/yaml_to_json.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <new>

#include "core/openapi/json_parse.hpp"
#include "core/openapi/yaml_expansion.hpp"
#include "core/openapi/yaml_quoted.hpp"
#include "core/util/json_pointer.hpp"
#include "core/util/text_codec.hpp"
#include "core/util/text.hpp"

namespace sonde::openapi {

namespace {

std::string at(const std::string& path, const YAML::Mark& mark) {
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

bool is_int(const std::string& s) {
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool is_float(const std::string& s) {
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits) {
      std::size_t j = i + 1;
      if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
      if (j >= s.size()) return false;
      for (; j < s.size(); ++j)
        if (s[j] < '0' || s[j] > '9') return false;
      return true;
    } else {
      return false;
    }
  }
  return digits;
}

// YAML 1.2 core schema resolution of a plain (untagged, unquoted) scalar.
nlohmann::json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (is_int(s)) {
    errno = 0;
    long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == 0) return v;
    return std::strtod(s.c_str(), nullptr);
  }
  if (is_float(s)) return std::strtod(s.c_str(), nullptr);
  return s;
}

Error alias_bomb(const std::string& path, const YAML::Mark& mark, std::size_t budget) {
  return Error{ErrorKind::invalid_input, "YAML expands to too many nodes (alias bomb?)", at(path, mark),
               "the document's aliases expand beyond " + std::to_string(budget) + " nodes"};
}

class Converter {
 public:
  Converter(const std::string& path, std::string_view text, std::size_t budget, int max_depth)
      : path_(path), text_(text), budget_(budget), max_depth_(max_depth) {}

  Result<nlohmann::json> convert(const YAML::Node& node, int depth) {
    if (++count_ > budget_) return std::unexpected(alias_bomb(path_, node.Mark(), budget_));
    if (depth > max_depth_) {
      return fail(ErrorKind::invalid_input, "YAML nested deeper than " + std::to_string(max_depth_) + " levels",
                  at(path_, node.Mark()));
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: return nlohmann::json(nullptr);
      case YAML::NodeType::Scalar: {
        // yaml-cpp passes ill-formed UTF-8 through; JSON (and every output of sonde) cannot hold it.
        const std::string& text = node.Scalar();
        if (invalid_utf8_at(text) != std::string::npos) {
          return fail(ErrorKind::invalid_input, "invalid UTF-8 in a string", at(path_, node.Mark()));
        }
        if (node.Tag() != "?") {
          // A quoted scalar over several lines is read from the source (see yaml_quoted.hpp).
          if (node.Mark().pos >= 0) {
            auto quoted = decode_quoted_scalar(text_, static_cast<std::size_t>(node.Mark().pos));
            if (quoted && quoted->multi_line) return nlohmann::json(std::move(quoted->value));
          }
          return nlohmann::json(text);
        }
        nlohmann::json value = plain_scalar(text);
        if (value.is_number_float() && !std::isfinite(value.get<double>())) {
          return fail(ErrorKind::invalid_input, "number too large: " + shortened(text, 20), at(path_, node.Mark()));
        }
        return value;
      }
      case YAML::NodeType::Sequence: return guarded(&Converter::convert_sequence, node, depth);
      case YAML::NodeType::Map: return guarded(&Converter::convert_map, node, depth);
    }
    return nlohmann::json(nullptr);
  }

 private:
  using Part = Result<void> (Converter::*)(const YAML::Node&, int, nlohmann::json&);

  // Builds a container into `out`; when memory runs out midway, what was built is released
  // without allocating (see release_tree: nlohmann's destructor would abort instead).
  Result<nlohmann::json> guarded(Part part, const YAML::Node& node, int depth) {
    nlohmann::json out;
    try {
      if (auto r = (this->*part)(node, depth, out); !r) return std::unexpected(r.error());
    } catch (const std::bad_alloc&) {
      release_tree(out);
      throw;
    }
    return out;
  }

  Result<void> convert_sequence(const YAML::Node& node, int depth, nlohmann::json& out) {
    out = nlohmann::json::array();
    for (const auto& item : node) {
      auto value = convert(item, depth + 1);
      if (!value) return std::unexpected(value.error());
      out.push_back(std::move(*value));
    }
    return {};
  }

  Result<void> convert_map(const YAML::Node& node, int depth, nlohmann::json& out) {
    out = nlohmann::json::object();
    for (const auto& pair : node) {
      if (!pair.first.IsScalar()) {
        return fail(ErrorKind::invalid_input, "mapping key is not a scalar", at(path_, pair.first.Mark()));
      }
      const std::string& key = pair.first.Scalar();
      if (invalid_utf8_at(key) != std::string::npos) {
        return fail(ErrorKind::invalid_input, "invalid UTF-8 in a mapping key", at(path_, pair.first.Mark()));
      }
      // YAML 1.2 requires unique keys; yaml-cpp would let the last one win silently.
      auto [slot, inserted] = out.get_ref<nlohmann::json::object_t&>().emplace(key, nullptr);
      if (!inserted) {
        return fail(ErrorKind::invalid_input, "duplicate key \"" + shortened(key, 80) + "\"", at(path_, pair.first.Mark()));
      }
      auto value = convert(pair.second, depth + 1);
      if (!value) return std::unexpected(value.error());
      slot->second = std::move(*value);
    }
    return {};
  }

  const std::string& path_;
  std::string_view text_;
  std::size_t budget_;
  int max_depth_;
  std::size_t count_ = 0;
};

}  // namespace

Result<YamlParsed> parse_yaml(const std::string& path, const std::string& text, const ParseLimits& limits) {
  YamlParsed parsed;
  try {
    parsed.root = std::make_unique<YAML::Node>(YAML::Load(text));
    const std::size_t budget = text.size() + limits.max_nodes_extra;
    if (may_hold_anchors(text)) {
      if (auto problem = first_node_over_budget(*parsed.root, budget, limits.max_depth)) {
        if (problem->recursive) {
          return fail(ErrorKind::invalid_input, "YAML anchor holds an alias to itself (a recursive alias)",
                      at(path, problem->mark), "an alias may only refer to a node defined before it");
        }
        return std::unexpected(alias_bomb(path, problem->mark, budget));
      }
    }
    Converter converter(path, text, budget, limits.max_depth);
    auto tree = converter.convert(*parsed.root, 0);
    if (!tree) return std::unexpected(tree.error());
    parsed.tree = std::move(*tree);
  } catch (const YAML::DeepRecursion& e) {
    return fail(ErrorKind::invalid_input, "YAML nested too deeply", at(path, e.mark));
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::invalid_input, "invalid YAML: " + e.msg, at(path, e.mark));
  }
  return parsed;
}

LineCol yaml_locate(const YAML::Node& root, std::string_view pointer) {
  // Node::operator= writes through to the shared tree; reset() only rebinds the handle.
  YAML::Node node;
  node.reset(root);
  YAML::Mark mark = root.Mark();
  auto tokens = json_pointer::split(pointer);
  if (!tokens) return {mark.line + 1, mark.column + 1};
  try {
    for (const auto& token : *tokens) {
      bool found = false;
      if (node.IsMap()) {
        for (const auto& pair : node) {
          if (pair.first.IsScalar() && pair.first.Scalar() == token) {
            mark = pair.first.Mark();
            node.reset(pair.second);
            found = true;
            break;
          }
        }
      } else if (node.IsSequence() && !token.empty() && is_int(token)) {
        std::size_t index = std::strtoull(token.c_str(), nullptr, 10);
        if (index < node.size()) {
          YAML::Node item = node[index];
          node.reset(item);
          mark = node.Mark();
          found = true;
        }
      }
      if (!found) break;
    }
  } catch (const YAML::Exception&) {
    // Locating is best effort: the nearest ancestor found so far is still a useful answer.
  }
  return {mark.line + 1, mark.column + 1};
}

}  // namespace sonde::openapi
