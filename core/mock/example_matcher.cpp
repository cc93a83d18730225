#include "core/mock/example_matcher.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/check/request_parts.hpp"
#include "core/util/json_depth.hpp"

namespace sonde::mock {

namespace {

using nlohmann::json;
using openapi::Document;
using openapi::Node;

// Each named example of `owner` (a media type or a parameter) with its value.
std::vector<std::pair<std::string, json>> named_examples(const Document& doc, const Node& owner) {
  std::vector<std::pair<std::string, json>> out;
  Node examples = Document::child(owner, "examples");
  if (!examples || !examples->is_object()) return out;
  for (auto it = examples->begin(); it != examples->end(); ++it) {
    auto resolved = doc.resolve_child(examples, it.key());
    if (!resolved || !*resolved || !(*resolved)->is_object() || !(*resolved)->contains("value")) continue;
    out.emplace_back(it.key(), doc.json(*(*resolved)->member("value")));
  }
  return out;
}

// A parameter example's value as text on the wire: strings as they are, numbers and booleans as
// JSON writes them.
std::string as_sent(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

std::optional<std::string> sent_value(const openapi::Parameter& p, const MockRequest& request,
                                      const std::map<std::string, std::string>& path_params) {
  if (p.in == "path") {
    auto found = path_params.find(p.name);
    return found == path_params.end() ? std::nullopt : std::optional(found->second);
  }
  if (p.in == "query") {
    for (const auto& [name, value] : check::query_parameters(request.target)) {
      if (name == p.name) return value;
    }
    return std::nullopt;
  }
  if (p.in == "header") return check::header_of(request.headers, p.name);
  if (p.in == "cookie") {
    for (const auto& [name, value] : check::cookie_pairs(request.headers)) {
      if (name == p.name) return value;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> example_by_content(const Document& doc, const openapi::Operation& op,
                                              const MockRequest& request,
                                              const std::map<std::string, std::string>& path_params,
                                              const std::vector<std::string>& response_examples) {
  if (response_examples.empty()) return std::nullopt;
  auto answered = [&](const std::string& name) {
    return std::find(response_examples.begin(), response_examples.end(), name) != response_examples.end();
  };
  if (op.body && !request.body.empty() && !json_nesting_exceeds(request.body)) {
    auto sent = json::parse(request.body, nullptr, false);
    if (!sent.is_discarded()) {
      for (const auto& media : op.body->content) {
        for (const auto& [name, value] : named_examples(doc, media.node)) {
          if (value == sent && answered(name)) return name;
        }
      }
    }
  }
  for (const auto& p : op.parameters) {
    auto sent = sent_value(p, request, path_params);
    if (!sent) continue;
    for (const auto& [name, value] : named_examples(doc, p.node)) {
      if (as_sent(value) == *sent && answered(name)) return name;
    }
  }
  return std::nullopt;
}

}  // namespace sonde::mock
