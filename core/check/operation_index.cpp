#include "core/check/operation_index.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace sonde::check {

namespace {

constexpr std::array<std::string_view, 8> k_methods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Matches one segment against a template segment such as "{id}" or "{name}.{ext}": literal parts
// must appear in order, each parameter takes at least one character.
bool match_segment(std::string_view tmpl, std::string_view actual, std::map<std::string, std::string>& params) {
  if (tmpl.find('{') == std::string_view::npos) return tmpl == actual;
  std::size_t t = 0, a = 0;
  while (t < tmpl.size()) {
    if (tmpl[t] != '{') {
      if (a >= actual.size() || tmpl[t] != actual[a]) return false;
      ++t, ++a;
      continue;
    }
    auto close = tmpl.find('}', t);
    if (close == std::string_view::npos) return false;
    std::string name(tmpl.substr(t + 1, close - t - 1));
    t = close + 1;
    std::size_t stop = actual.size();
    if (t < tmpl.size()) {
      // The literal that follows the parameter ends it (last occurrence keeps "a.b.json" whole).
      auto next_param = tmpl.find('{', t);
      std::string_view literal = tmpl.substr(t, next_param == std::string_view::npos ? std::string_view::npos : next_param - t);
      stop = actual.rfind(literal);
      if (stop == std::string_view::npos || stop <= a) return false;
    }
    if (stop <= a) return false;
    params[name] = percent_decode(actual.substr(a, stop - a));
    a = stop;
  }
  return a == actual.size();
}

std::string server_prefix(const openapi::DocValue& server) {
  if (!server.is_object() || !server.contains("url") || !server["url"].is_string()) return "";
  std::string url = server["url"].get<std::string>();
  // Substitute server variables with their defaults.
  if (auto vars = server.find("variables"); vars != server.end() && vars->is_object()) {
    for (const auto& [name, v] : vars->items()) {
      if (!v.is_object() || !v.contains("default")) continue;
      std::string key = "{" + std::string(name) + "}";
      std::string value = v["default"].is_string() ? v["default"].get<std::string>() : v["default"].dump();
      for (auto pos = url.find(key); pos != std::string::npos; pos = url.find(key)) url.replace(pos, key.size(), value);
    }
  }
  std::string path = url_path(url);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace


namespace {

// url_path() as a view into `url` (or the literal "/"): matching runs for every exchange.
std::string_view url_path_view(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme != std::string_view::npos && url.find_first_of("/?#") > scheme) {
    auto slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  url = url.substr(0, url.find_first_of("?#"));
  return url.empty() ? std::string_view("/") : url;
}

}  // namespace

std::string url_path(std::string_view url) { return std::string(url_path_view(url)); }

Result<OperationIndex> OperationIndex::build(const openapi::Document& doc) {
  OperationIndex index;
  auto root = doc.root_node();
  auto paths = openapi::Document::child(root, "paths");
  if (paths && paths->is_object()) {
    for (const auto& [path, raw_item] : paths->items()) {
      auto item = doc.resolve_child(paths, path);
      if (!item) return std::unexpected(item.error());
      if (!item->value->is_object()) continue;
      for (auto method : k_methods) {
        auto op = openapi::Document::child(*item, method);
        if (!op || !op->is_object()) continue;
        Operation o;
        o.method.resize(method.size());
        std::transform(method.begin(), method.end(), o.method.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
        o.path = path;
        if (auto id = op->find("operationId"); id != op->end() && id->is_string()) o.operation_id = id->get<std::string>();
        if (auto tags = op->find("tags"); tags != op->end() && tags->is_array()) {
          for (const auto& t : *tags) {
            if (t.is_string()) o.tags.push_back(t.get<std::string>());
          }
        }
        o.node = op;
        o.path_item = *item;
        index.operations_.push_back(std::move(o));
      }
    }
  }
  // Servers of the description (3.x) or basePath (2.0); path- and operation-level servers rarely
  // change the prefix and are folded in too.
  std::vector<std::string> prefixes{""};
  if (auto servers = root->find("servers"); servers != root->end() && servers->is_array()) {
    for (const auto& s : *servers) prefixes.push_back(server_prefix(s));
  }
  if (auto base = root->find("basePath"); base != root->end() && base->is_string()) {
    std::string b = base->get<std::string>();
    while (!b.empty() && b.back() == '/') b.pop_back();
    prefixes.push_back(b);
  }
  for (const auto& op : index.operations_) {
    for (const auto* holder : {&op.node, &op.path_item}) {
      if (auto servers = (*holder)->find("servers"); servers != (*holder)->end() && servers->is_array()) {
        for (const auto& s : *servers) prefixes.push_back(server_prefix(s));
      }
    }
  }
  std::sort(prefixes.begin(), prefixes.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  index.prefixes_ = std::move(prefixes);
  index.index_templates();
  return index;
}

void OperationIndex::index_templates() {
  templates_.clear();
  by_segment_count_.clear();
  for (std::size_t i = 0; i < operations_.size(); ++i) {
    PathTemplate t;
    for (auto segment : split_segments(operations_[i].path)) {
      t.segments.emplace_back(segment);
      t.literal.push_back(segment.find('{') == std::string_view::npos);
    }
    by_segment_count_[t.segments.size()].push_back(i);
    templates_.push_back(std::move(t));
  }
}

std::optional<OperationMatch> OperationIndex::match_path(std::string_view method, std::string_view path,
                                                        bool any_method) const {
  auto actual = split_segments(path);
  auto candidates = by_segment_count_.find(actual.size());
  if (candidates == by_segment_count_.end()) return std::nullopt;
  std::optional<OperationMatch> best;
  const std::vector<bool>* best_literal = nullptr;
  for (std::size_t i : candidates->second) {
    const Operation& op = operations_[i];
    if (!any_method && op.method != method) continue;
    const PathTemplate& t = templates_[i];
    if (best_literal && !(t.literal > *best_literal)) continue;  // could not win even if it matched
    OperationMatch m{&op, {}};
    bool ok = true;
    for (std::size_t k = 0; k < t.segments.size() && ok; ++k) ok = match_segment(t.segments[k], actual[k], m.path_params);
    if (!ok) continue;
    best = std::move(m);
    best_literal = &t.literal;
  }
  return best;
}

std::optional<OperationMatch> OperationIndex::match(std::string_view method, std::string_view url) const {
  const std::string_view path = url_path_view(url);
  std::string upper(method);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  for (const auto& prefix : prefixes_) {
    if (!path.starts_with(prefix)) continue;
    std::string_view rest = path.substr(prefix.size());
    if (rest.empty()) rest = "/";
    if (rest.front() != '/') continue;
    if (auto m = match_path(upper, rest, false)) return m;
  }
  return std::nullopt;
}

bool OperationIndex::path_known(std::string_view url) const {
  const std::string_view path = url_path_view(url);
  for (const auto& prefix : prefixes_) {
    if (!path.starts_with(prefix)) continue;
    std::string_view rest = path.substr(prefix.size());
    if (!rest.empty() && rest.front() == '/' && match_path("", rest, true)) return true;
  }
  return false;
}

const Operation* OperationIndex::find(std::string_view id_or_name) const {
  for (const auto& op : operations_) {
    if (op.operation_id == id_or_name || op.name() == id_or_name) return &op;
  }
  // "get /pets/{id}" in any case of the method.
  auto space = id_or_name.find(' ');
  if (space != std::string_view::npos) {
    std::string method(id_or_name.substr(0, space));
    std::transform(method.begin(), method.end(), method.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    std::string name = method + std::string(id_or_name.substr(space));
    for (const auto& op : operations_) {
      if (op.name() == name) return &op;
    }
  }
  return nullptr;
}

}  // namespace sonde::check
