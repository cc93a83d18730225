#include "core/mock/response_picker.hpp"

#include <algorithm>
#include <cctype>

#include "core/check/generate/pattern_strings.hpp"
#include "core/mock/problem.hpp"
#include "core/openapi/instance_generator.hpp"
#include "core/util/text.hpp"

namespace sonde::mock {

namespace {

using nlohmann::json;
using openapi::Document;
using openapi::Node;

std::string trim_space(std::string_view s) { return std::string(sonde::trim(s, " \t\r\n\v\f")); }

int status_of(const std::string& code) {
  if (code.size() == 3 && std::isdigit(static_cast<unsigned char>(code[0])) && code[1] != 'X' && code[1] != 'x') {
    return std::stoi(code);
  }
  if (code.size() == 3 && std::isdigit(static_cast<unsigned char>(code[0]))) return (code[0] - '0') * 100;
  return 200;  // "default": the mock answers it as a plain success
}

const openapi::Response* choose(const openapi::Operation& op, const Preferences& prefer, int& status) {
  if (prefer.code) {
    status = *prefer.code;
    std::string exact = std::to_string(*prefer.code);
    std::string range = exact.substr(0, 1) + "XX";
    for (const auto* wanted : {&exact, &range}) {
      for (const auto& r : op.responses) {
        std::string code = r.code;
        std::transform(code.begin(), code.end(), code.begin(), ::toupper);
        if (code == *wanted) return &r;
      }
    }
    for (const auto& r : op.responses) {
      if (r.code == "default") return &r;
    }
    return nullptr;
  }
  const openapi::Response* best = nullptr;
  int best_status = 1000;
  for (const auto& r : op.responses) {
    int s = status_of(r.code);
    bool success = r.code != "default" && s >= 200 && s < 300;
    if (success && s < best_status) {
      best = &r;
      best_status = s;
    }
  }
  if (!best) {
    for (const auto& r : op.responses) {
      if (r.code == "default") {
        best = &r;
        best_status = 200;
      }
    }
  }
  status = best ? best_status : 200;
  return best;
}

const openapi::MediaType* choose_media(const openapi::Response& response) {
  for (const auto& m : response.content) {
    if (m.name == "application/json" || m.name.ends_with("+json")) return &m;
  }
  return response.content.empty() ? nullptr : &response.content.front();
}

// The tree is a sorted map; "the first example" means the first one written in the file.
std::string first_in_document_order(const Document& doc, const Node& map) {
  std::string first;
  openapi::LineCol best{};
  for (auto it = map->begin(); it != map->end(); ++it) {
    Node entry = Document::child(map, it.key());
    openapi::LineCol at = doc.file(entry.file).locate(entry.pointer.str());
    if (first.empty() || at.line < best.line || (at.line == best.line && at.col < best.col)) {
      first = it.key();
      best = at;
    }
  }
  return first;
}

// The example to send, by preference: a named example, the first example, `example`, the schema's.
std::optional<json> example_for(const Document& doc, const openapi::Response& response, const openapi::MediaType& media,
                                const Preferences& prefer, bool& unknown_name) {
  unknown_name = false;
  Node examples = Document::child(media.node, "examples");
  if (examples && examples->is_object() && !examples->empty()) {
    std::string name = prefer.example.empty() ? first_in_document_order(doc, examples) : prefer.example;
    Node chosen = Document::child(examples, name);
    if (!chosen) {
      unknown_name = !prefer.example.empty();
      if (unknown_name) return std::nullopt;
    }
    auto resolved = doc.resolve(chosen);
    if (resolved && *resolved && (*resolved)->is_object() && (*resolved)->contains("value")) return doc.json(*(*resolved)->member("value"));
  } else if (!prefer.example.empty()) {
    unknown_name = true;
    return std::nullopt;
  }
  if (Node example = Document::child(media.node, "example")) return doc.json(*example);
  // Swagger 2.0: response.examples[mime]
  Node legacy = Document::child(Document::child(response.node, "examples"), media.name);
  if (legacy) return doc.json(*legacy);
  if (media.schema) {
    auto schema = doc.resolve(media.schema);
    if (schema && *schema && (*schema)->is_object() && (*schema)->contains("example")) return doc.json(*(*schema)->member("example"));
  }
  return std::nullopt;
}

}  // namespace

Preferences parse_prefer(const std::optional<std::string>& header) {
  Preferences prefer;
  if (!header) return prefer;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto sep = rest.find_first_of(",;");
    std::string item = trim_space(rest.substr(0, sep));
    auto eq = item.find('=');
    std::string key = trim_space(item.substr(0, eq));
    std::string value = eq == std::string::npos ? std::string() : trim_space(item.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (key == "code" && !value.empty() && std::all_of(value.begin(), value.end(), ::isdigit) && value.size() == 3) {
      prefer.code = std::stoi(value);
    } else if (key == "example") {
      prefer.example = value;
    } else if (key == "dynamic") {
      prefer.dynamic = value != "false";
    }
    if (sep == std::string_view::npos) break;
    rest = rest.substr(sep + 1);
  }
  return prefer;
}

std::vector<std::string> example_names(const openapi::Operation& op, const Preferences& prefer) {
  std::vector<std::string> names;
  int status = 200;
  const openapi::Response* response = choose(op, prefer, status);
  const openapi::MediaType* media = response ? choose_media(*response) : nullptr;
  if (!media) return names;
  Node examples = Document::child(media->node, "examples");
  if (!examples || !examples->is_object()) return names;
  for (auto it = examples->begin(); it != examples->end(); ++it) names.emplace_back(it.key());
  return names;
}

MockResponse pick_response(const Document& doc, const openapi::Operation& op, const Preferences& prefer) {
  int status = 200;
  const openapi::Response* response = choose(op, prefer, status);
  if (!response) {
    if (prefer.code) {
      return problem_response(404, "No such response",
                              op.name() + " documents no response " + std::to_string(*prefer.code));
    }
    MockResponse empty;
    empty.status = 204;
    return empty;
  }
  MockResponse out;
  out.status = status;
  openapi::InstanceGenerator generator(doc, {.pattern_string = check::generate::fixed_string_matching});
  for (const auto& header : response->headers) {
    if (!header.required || !header.schema) continue;
    json value = generator.generate(header.schema);
    out.headers.emplace_back(header.name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  const openapi::MediaType* media = choose_media(*response);
  if (!media || status == 204 || status == 304) return out;
  bool unknown_name = false;
  std::optional<json> example = prefer.dynamic ? std::nullopt : example_for(doc, *response, *media, prefer, unknown_name);
  if (unknown_name) {
    return problem_response(404, "No such example", op.name() + " has no example named \"" + prefer.example + "\"");
  }
  json body = example ? *example : (media->schema ? generator.generate(media->schema) : json::object());
  out.headers.emplace_back("Content-Type", media->name);
  bool json_media = media->name.find("json") != std::string::npos;
  out.body = !json_media && body.is_string() ? body.get<std::string>() : body.dump(2) + "\n";
  return out;
}

}  // namespace sonde::mock
