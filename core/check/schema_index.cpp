#include "core/check/schema_index.hpp"

#include <algorithm>

#include "core/util/json_pointer.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::check {

namespace {

struct UriParts {
  std::string scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

UriParts parse_uri(std::string_view s) {
  UriParts u;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    u.has_query = true;
    u.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  auto colon = s.find(':');
  auto slash = s.find('/');
  if (colon != std::string_view::npos && colon > 0 && (slash == std::string_view::npos || colon < slash)) {
    u.has_scheme = true;
    u.scheme = s.substr(0, colon);
    s = s.substr(colon + 1);
  }
  if (s.starts_with("//")) {
    u.has_authority = true;
    s = s.substr(2);
    auto end = s.find('/');
    u.authority = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view{} : s.substr(end);
  }
  u.path = s;
  return u;
}

// RFC 3986 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto cut = out.rfind('/');
      out.erase(cut == std::string::npos ? 0 : cut);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto next = in.find('/', 1);
      out += in.substr(0, next);
      in = next == std::string_view::npos ? std::string_view{} : in.substr(next);
    }
  }
  return out;
}

std::string compose(const UriParts& u) {
  std::string out;
  if (u.has_scheme) out += u.scheme + ":";
  if (u.has_authority) out += "//" + u.authority;
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

std::string without_fragment(std::string_view uri) { return std::string(uri.substr(0, uri.find('#'))); }

// Keywords whose value is one schema, an array of schemas, or a map of name -> schema.
constexpr const char* k_single[] = {"additionalProperties", "unevaluatedProperties", "propertyNames", "items",
                                    "contains", "not", "if", "then", "else", "unevaluatedItems",
                                    "additionalItems", "contentSchema"};
constexpr const char* k_arrays[] = {"allOf", "anyOf", "oneOf", "prefixItems", "items"};
constexpr const char* k_maps[] = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
                                  "dependencies"};

bool is_network(std::string_view uri) {
  return uri.starts_with("http://") || uri.starts_with("https://") || uri.starts_with("ftp://");
}

}  // namespace

std::string resolve_uri(std::string_view base_text, std::string_view ref_text) {
  UriParts r = parse_uri(ref_text);
  UriParts b = parse_uri(base_text);
  UriParts t;
  if (r.has_scheme) {
    t = r;
    t.path = remove_dot_segments(r.path);
  } else {
    if (r.has_authority) {
      t.authority = r.authority;
      t.has_authority = true;
      t.path = remove_dot_segments(r.path);
      t.query = r.query;
      t.has_query = r.has_query;
    } else {
      if (r.path.empty()) {
        t.path = b.path;
        t.query = r.has_query ? r.query : b.query;
        t.has_query = r.has_query || b.has_query;
      } else {
        if (r.path.starts_with('/')) {
          t.path = remove_dot_segments(r.path);
        } else {
          std::string merged;
          if (b.has_authority && b.path.empty()) {
            merged = "/" + r.path;
          } else {
            auto cut = b.path.rfind('/');
            merged = (cut == std::string::npos ? std::string() : b.path.substr(0, cut + 1)) + r.path;
          }
          t.path = remove_dot_segments(merged);
        }
        t.query = r.query;
        t.has_query = r.has_query;
      }
      t.authority = b.authority;
      t.has_authority = b.has_authority;
    }
    t.scheme = b.scheme;
    t.has_scheme = b.has_scheme;
  }
  t.fragment = r.fragment;
  t.has_fragment = r.has_fragment;
  return compose(t);
}

void SchemaIndex::add(const nlohmann::json& doc, const std::string& uri) {
  std::string prefix = uri.empty() ? "#" : uri + "#";
  if (!documents_.emplace(without_fragment(uri), Location{&doc, prefix}).second) return;  // the first one stays
  scan(doc, without_fragment(uri), prefix);
}

void SchemaIndex::scan(const nlohmann::json& schema, std::string base, const std::string& pointer) {
  if (!schema.is_object()) {
    if (schema.is_boolean()) base_of_[&schema] = base;
    return;
  }
  if (auto id = schema.find("$id"); id != schema.end() && id->is_string()) {
    base = without_fragment(resolve_uri(base, id->get<std::string>()));
    resources_.emplace(base, Location{&schema, pointer});
  } else if (auto old = schema.find("id"); old != schema.end() && old->is_string() && !schema.contains("$ref")) {
    // Draft 4's `id`; a plain-name fragment ("#foo") is its anchor.
    std::string uri = resolve_uri(base, old->get<std::string>());
    auto hash = uri.find('#');
    if (hash != std::string::npos && hash + 1 < uri.size()) {
      anchors_.emplace(uri, Location{&schema, pointer});
    } else {
      base = without_fragment(uri);
      resources_.emplace(base, Location{&schema, pointer});
    }
  }
  base_of_[&schema] = base;
  if (auto a = schema.find("$anchor"); a != schema.end() && a->is_string()) {
    anchors_.emplace(base + "#" + a->get<std::string>(), Location{&schema, pointer});
  }
  if (auto a = schema.find("$dynamicAnchor"); a != schema.end() && a->is_string()) {
    anchors_.emplace(base + "#" + a->get<std::string>(), Location{&schema, pointer});
    dynamic_[base].emplace_back(a->get<std::string>(), Location{&schema, pointer});
  }
  scan_children(schema, base, pointer);
}

void SchemaIndex::scan_children(const nlohmann::json& schema, const std::string& base, const std::string& pointer) {
  for (const char* keyword : k_single) {
    if (auto it = schema.find(keyword); it != schema.end() && (it->is_object() || it->is_boolean())) {
      scan(*it, base, json_pointer::append(pointer, keyword));
    }
  }
  for (const char* keyword : k_arrays) {
    if (auto it = schema.find(keyword); it != schema.end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        scan((*it)[i], base, json_pointer::append(pointer, keyword) + "/" + std::to_string(i));
      }
    }
  }
  for (const char* keyword : k_maps) {
    if (auto it = schema.find(keyword); it != schema.end() && it->is_object()) {
      for (const auto& [name, sub] : it->items()) {
        if (sub.is_object() || sub.is_boolean()) {
          scan(sub, base, json_pointer::append(json_pointer::append(pointer, keyword), name));
        }
      }
    }
  }
}

Result<RefTarget> SchemaIndex::resolve(std::string_view ref, std::string_view from) const {
  // The base URI of `from`: walk its pointer from its document's root, keeping the innermost base.
  auto hash = from.find('#');
  std::string_view doc_uri = hash == std::string_view::npos ? std::string_view{} : from.substr(0, hash);
  auto doc = documents_.find(doc_uri);
  if (doc == documents_.end()) return fail(ErrorKind::invalid_input, "unknown schema location", std::string(from));
  std::string base = std::string(doc_uri);
  const nlohmann::json* node = doc->second.node;
  auto note_base = [&] {
    if (auto b = base_of_.find(node); b != base_of_.end()) base = b->second;
  };
  note_base();
  auto tokens = json_pointer::split(hash == std::string_view::npos ? std::string_view{} : from.substr(hash + 1));
  if (tokens) {
    for (const auto& token : *tokens) {
      const nlohmann::json* next = json_pointer::step(*node, token);
      if (!next) break;
      node = next;
      note_base();
    }
  }
  std::string target = resolve_uri(base, ref);
  std::string absolute = without_fragment(target);
  std::string fragment = target.find('#') == std::string::npos ? "" : target.substr(target.find('#') + 1);
  const Location* root = nullptr;
  if (auto r = resources_.find(absolute); r != resources_.end()) {
    root = &r->second;
  } else if (auto d = documents_.find(absolute); d != documents_.end()) {
    root = &d->second;
  }
  if (!root) {
    if (is_network(absolute)) {
      return fail(ErrorKind::invalid_input, "remote $ref not fetched: " + std::string(ref), std::string(from));
    }
    return fail(ErrorKind::invalid_input, "unresolved reference " + std::string(ref), std::string(from));
  }
  if (fragment.empty()) return RefTarget{root->node, root->pointer};
  if (!fragment.starts_with('/')) {
    auto a = anchors_.find(absolute + "#" + fragment);
    if (a == anchors_.end()) {
      return fail(ErrorKind::invalid_input, "unresolved reference " + std::string(ref), std::string(from));
    }
    return RefTarget{a->second.node, a->second.pointer};
  }
  auto steps = json_pointer::split(percent_decode(fragment));
  if (!steps) return fail(ErrorKind::invalid_input, "bad reference " + std::string(ref), std::string(from));
  const nlohmann::json* at = root->node;
  std::string pointer = root->pointer;
  for (const auto& token : *steps) {
    at = json_pointer::step(*at, token);
    if (!at) return fail(ErrorKind::invalid_input, "unresolved reference " + std::string(ref), std::string(from));
    pointer = json_pointer::append(pointer, token);
  }
  return RefTarget{at, pointer};
}

RefResolver SchemaIndex::resolver() const {
  return [this](std::string_view ref, std::string_view from) { return resolve(ref, from); };
}

std::string SchemaIndex::resource_of(const nlohmann::json* schema) const {
  auto b = base_of_.find(schema);
  return b == base_of_.end() ? std::string() : b->second;
}

const SchemaIndex::Location* SchemaIndex::root_of(std::string_view uri) const {
  if (auto r = resources_.find(uri); r != resources_.end()) return &r->second;
  if (auto d = documents_.find(uri); d != documents_.end()) return &d->second;
  return nullptr;
}

bool SchemaIndex::validation_vocabulary(const nlohmann::json* schema) const {
  auto base = base_of_.find(schema);
  if (base == base_of_.end()) return true;
  const Location* root = root_of(base->second);
  if (!root || !root->node->is_object()) return true;
  auto meta = root->node->find("$schema");
  if (meta == root->node->end() || !meta->is_string()) return true;
  const Location* metaschema = root_of(without_fragment(meta->get<std::string>()));
  if (!metaschema || !metaschema->node->is_object()) return true;  // a standard or unknown metaschema
  auto vocabulary = metaschema->node->find("$vocabulary");
  if (vocabulary == metaschema->node->end() || !vocabulary->is_object()) return true;
  return vocabulary->contains("https://json-schema.org/draft/2020-12/vocab/validation");
}

std::vector<std::pair<std::string, RefTarget>> SchemaIndex::dynamic_anchors(const std::string& uri) const {
  std::vector<std::pair<std::string, RefTarget>> out;
  if (auto d = dynamic_.find(uri); d != dynamic_.end()) {
    for (const auto& [name, at] : d->second) out.emplace_back(name, RefTarget{at.node, at.pointer});
  }
  return out;
}

}  // namespace sonde::check
