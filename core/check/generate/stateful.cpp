#include "core/check/generate/stateful.hpp"

#include <algorithm>
#include <map>

#include "core/check/generate/checks.hpp"
#include "core/check/operation_index.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check::generate {

namespace {

using nlohmann::json;

// The new resource: the operation template it lives at and its path parameters, each with the
// Hurl capture that finds it again in the creating response.
struct Resource {
  std::string path;  ///< template, "/items/{itemId}"
  struct Param {
    std::string value;
    std::string capture;  ///< Hurl query, e.g. jsonpath "$.id"
  };
  std::map<std::string, Param> params;
};

std::string hurl_jsonpath(const std::string& pointer) {
  std::string out = "$";
  std::size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    auto end = pointer.find('/', start);
    out += "['" + pointer.substr(start, end == std::string::npos ? std::string::npos : end - start) + "']";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "jsonpath \"" + out + "\"";
}

std::optional<json> parsed(const std::string& body) {
  if (json_nesting_exceeds(body)) return std::nullopt;  // copies and JSONPath recurse per level
  auto v = json::parse(body, nullptr, false);
  if (v.is_discarded()) return std::nullopt;
  return v;
}

// The value at an RFC 6901 pointer; nullptr when it is malformed or leads nowhere (links are
// written by hand, bodies come from the server: neither may throw).
const json* at_pointer(const json& root, const std::string& pointer) {
  auto tokens = json_pointer::split(pointer);
  if (!tokens) return nullptr;
  const json* at = &root;
  for (const auto& t : *tokens) {
    at = json_pointer::step(*at, t);
    if (!at) return nullptr;
  }
  return at;
}

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

const openapi::Response* response_for(const openapi::Operation& op, int status) {
  std::string exact = std::to_string(status), range = exact.substr(0, 1) + "XX";
  for (const auto* key : {&exact, &range}) {
    for (const auto& r : op.responses) {
      if (r.code == *key) return &r;
    }
  }
  return nullptr;
}

// OpenAPI links: parameters given as $response.body#/pointer or $response.header.Name.
std::optional<Resource> from_links(const openapi::Operation& op, const Outcome& o, const std::vector<const openapi::Operation*>& all) {
  const auto* response = response_for(op, o.response->status);
  if (!response || !response->node || !response->node->is_object()) return std::nullopt;
  auto links = response->node->find("links");
  if (links == response->node->end() || !links->is_object()) return std::nullopt;
  auto body = parsed(o.body);
  for (const auto& [name, link] : links->items()) {
    if (!link.is_object() || !link.contains("operationId") || !link["operationId"].is_string()) continue;
    std::string target = link["operationId"].get<std::string>();
    auto it = std::find_if(all.begin(), all.end(), [&](const openapi::Operation* x) { return x->operation_id == target; });
    if (it == all.end() || !link.contains("parameters") || !link["parameters"].is_object()) continue;
    Resource r{(*it)->path, {}};
    for (const auto& [param_view, expr] : link["parameters"].items()) {
      if (!expr.is_string()) continue;
      const std::string param(param_view);
      std::string e = expr.get<std::string>();
      if (e.starts_with("$response.body#") && body) {
        std::string pointer = e.substr(15);
        if (const json* v = at_pointer(*body, pointer)) r.params[param] = {text_of(*v), hurl_jsonpath(pointer)};
      } else if (e.starts_with("$response.header.")) {
        if (const auto* h = find_header(o.response->headers, e.substr(17))) r.params[param] = {*h, "header \"" + e.substr(17) + "\""};
      }
    }
    if (!r.params.empty()) return r;
  }
  return std::nullopt;
}

// A path template's parameter names, in order.
std::vector<std::string> template_params(const std::string& path) {
  std::vector<std::string> out;
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    auto close = path.find('}', open);
    if (close == std::string::npos) break;
    out.push_back(path.substr(open + 1, close - open - 1));
  }
  return out;
}

// Does `actual` (a concrete path) fit `tmpl`? Fills the parameter values.
bool fits(const std::string& tmpl, const std::string& actual, std::map<std::string, std::string>& values) {
  std::vector<std::string> t, a;
  auto split = [](const std::string& s, std::vector<std::string>& out) {
    std::size_t start = 0;
    while (start <= s.size()) {
      auto end = s.find('/', start);
      out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  };
  split(tmpl, t);
  split(actual, a);
  if (t.size() > a.size()) return false;
  // Server prefixes (/v1) come first in the actual path: align the ends.
  std::size_t offset = a.size() - t.size();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& seg = t[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') values[seg.substr(1, seg.size() - 2)] = percent_decode(a[offset + i]);
    else if (seg != a[offset + i]) return false;
  }
  return true;
}

std::optional<Resource> from_location(const Outcome& o, const std::vector<const openapi::Operation*>& all) {
  const auto* location = find_header(o.response->headers, "Location");
  if (!location) return std::nullopt;
  std::string path = url_path(*location);
  for (const auto* op : all) {
    if (op->method != "GET" || op->path.find('{') == std::string::npos) continue;
    std::map<std::string, std::string> values;
    if (!fits(op->path, path, values)) continue;
    Resource r{op->path, {}};
    auto names = template_params(op->path);
    for (const auto& [name, value] : values) {
      // The last segment is what a Location usually adds; captured from the header by a regex.
      bool last = !names.empty() && name == names.back() && op->path.ends_with("{" + name + "}");
      r.params[name] = {value, last ? "header \"Location\" regex \"([^/]+)$\"" : ""};
    }
    return r;
  }
  return std::nullopt;
}

// An id in the body for `{param}` of a path directly under the POST's path.
std::optional<Resource> from_body(const openapi::Operation& creator, const Outcome& o, const std::vector<const openapi::Operation*>& all) {
  auto body = parsed(o.body);
  if (!body || !body->is_object()) return std::nullopt;
  for (const auto* op : all) {
    if (!op->path.starts_with(creator.path + "/{") || !op->path.ends_with("}")) continue;
    std::string param = op->path.substr(creator.path.size() + 2, op->path.size() - creator.path.size() - 3);
    if (param.find('/') != std::string::npos || param.find('{') != std::string::npos) continue;
    for (const std::string& field : {param, std::string("id")}) {
      if (auto it = body->find(field); it != body->end() && (it->is_string() || it->is_number_integer())) {
        return Resource{op->path, {{param, {text_of(*it), hurl_jsonpath("/" + field)}}}};
      }
    }
  }
  return std::nullopt;
}

const openapi::Operation* on_path(const std::vector<const openapi::Operation*>& all, const std::string& path, const char* method) {
  auto it = std::find_if(all.begin(), all.end(), [&](const openapi::Operation* op) { return op->path == path && op->method == method; });
  return it == all.end() ? nullptr : *it;
}

bool succeeded(int status) { return status >= 200 && status < 300; }

}  // namespace

std::size_t sequence_starts(const std::vector<const openapi::Operation*>& chosen) {
  return static_cast<std::size_t>(std::count_if(chosen.begin(), chosen.end(), [](const openapi::Operation* op) { return op->method == "POST"; }));
}

SequenceReport run_sequences(Executor& executor, LiveClient& client, Planner& planner,
                             const std::vector<const openapi::Operation*>& chosen) {
  SequenceReport report;
  const auto& target = executor.target();
  auto step_case = [&](const openapi::Operation& op, const Resource* resource, const std::string& label) -> std::optional<Case> {
    auto base = planner.baseline(op);
    if (!base) return std::nullopt;
    Case c{&op, op.method, Phase::stateful, Intent::positive, label, *base};
    if (resource) {
      for (std::size_t i = 0; i < op.parameters.size(); ++i) {
        auto it = resource->params.find(op.parameters[i].name);
        if (op.parameters[i].in == "path" && it != resource->params.end()) c.values.params[i] = json(it->second.value);
      }
    }
    return c;
  };
  auto record_errors = [&](const Case& c, const Outcome& o) {
    if (o.error) report.errors.push_back({c.op->name(), o.request.method, o.request.url, describe(*o.error)});
  };
  for (const auto* creator : chosen) {
    if (creator->method != "POST") continue;
    auto create_case = step_case(*creator, nullptr, "create");
    if (!create_case) {
      report.notes.push_back(creator->name() + ": no valid request could be built to start a sequence");
      continue;
    }
    const Case& create = *create_case;
    auto create_request = serialize(create, target);
    ++report.requests;
    Outcome created = executor.run(client, create, create_request);
    record_errors(create, created);
    if (!created.response) continue;
    std::vector<Step> steps{{created.request, {}, {}}};
    for (const auto& v : created.verdicts) report.failures.push_back({create, v, created.response->status, steps});
    if (!succeeded(created.response->status)) continue;
    auto resource = from_links(*creator, created, chosen);
    if (!resource) resource = from_location(created, chosen);
    if (!resource) resource = from_body(*creator, created, chosen);
    // Only a 201 promises a new resource; a 200 may be an action (POST /orders/{id}/cancel).
    if (!resource && created.response->status == 201) {
      report.notes.push_back(creator->name() + ": " + std::to_string(created.response->status) +
                             " without a link, Location or id that names the new resource");
    }
    if (!resource) continue;
    for (const auto& [name, p] : resource->params) {
      if (p.capture.empty()) continue;
      steps[0].captures.emplace_back(name, p.capture);
      steps[0].substitutions.emplace_back(percent_encode(p.value), "{{" + name + "}}");
    }
    const auto* get = on_path(chosen, resource->path, "GET");
    const auto* del = on_path(chosen, resource->path, "DELETE");
    if (!get && !del) continue;
    ++report.sequences;
    auto step = [&](const openapi::Operation& op, const std::string& label) {
      auto made = step_case(op, &*resource, label);
      // An operation on the resource without a valid baseline still gets its path filled in.
      Case c = made ? *made : Case{&op, op.method, Phase::stateful, Intent::positive, label, {}};
      if (!made) {
        for (const auto& p : op.parameters) {
          auto it = resource->params.find(p.name);
          c.values.params.push_back(p.in == "path" && it != resource->params.end() ? std::optional<json>(json(it->second.value)) : std::nullopt);
        }
      }
      auto request = serialize(c, target);
      ++report.requests;
      Outcome o = executor.run(client, c, request);
      record_errors(c, o);
      return std::make_pair(std::move(c), std::move(o));
    };
    auto fail_with = [&](const Case& c, const Outcome& o, Verdict v) {
      auto with = steps;
      with.push_back({o.request, {}, {}});
      report.failures.push_back({c, std::move(v), o.response->status, std::move(with)});
    };
    if (get) {
      auto [c, o] = step(*get, "read after " + creator->name());
      if (!o.response) continue;
      for (const auto& v : o.verdicts) fail_with(c, o, v);
      if (o.response->status == 404 && executor.checks().count(check_id::availability)) {
        fail_with(c, o, {check_id::availability, "created by " + creator->name() + " (" + std::to_string(created.response->status) +
                                                     "), then status 404 on " + get->name()});
      }
    }
    // Update: a valid replacement of the resource that exists must be accepted like any valid case.
    for (const char* method : {"PUT", "PATCH"}) {
      const auto* update = on_path(chosen, resource->path, method);
      if (!update) continue;
      auto [uc, uout] = step(*update, "update after " + creator->name());
      if (!uout.response) continue;
      for (const auto& v : uout.verdicts) fail_with(uc, uout, v);
      break;
    }
    if (!del) continue;
    auto [dc, dout] = step(*del, "delete after " + creator->name());
    if (!dout.response) continue;
    for (const auto& v : dout.verdicts) fail_with(dc, dout, v);
    if (!succeeded(dout.response->status) || !get) continue;
    steps.push_back({dout.request, {}, {}});
    auto [gc, gout] = step(*get, "read after " + del->name());
    if (!gout.response) continue;
    for (const auto& v : gout.verdicts) fail_with(gc, gout, v);
    int s = gout.response->status;
    if (s != 404 && s != 410 && executor.checks().count(check_id::use_after_free)) {
      fail_with(gc, gout, {check_id::use_after_free, "deleted by " + del->name() + " (" + std::to_string(dout.response->status) +
                                                        "), then status " + std::to_string(s) + " on " + get->name()});
    }
  }
  return report;
}

}  // namespace sonde::check::generate
