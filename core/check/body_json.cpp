#include "core/check/body_json.hpp"

#include <algorithm>
#include <strings.h>

#include <nlohmann/json.hpp>
#include "core/util/text.hpp"

namespace sonde::check {

namespace {


std::string json_text(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string scalar_json(const std::string& raw, const std::string& type) {
  if (type == "integer" || type == "number" || type == "boolean") {
    // A value that is not a JSON number or boolean stays a string, so the validator reports the
    // type mismatch instead of a guess.
    if (!raw.empty() && nlohmann::json::accept(raw)) {
      auto parsed = nlohmann::json::parse(raw);
      if (parsed.is_number() || parsed.is_boolean()) return raw;
    }
  }
  // A percent-decoded %FF is not UTF-8: replaced (U+FFFD) so it stays a string to validate, never
  // an exception (the mock and test's worker threads call this).
  return nlohmann::json(raw).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}


std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}


std::string type_of(const openapi::Document& doc, const openapi::Node& schema) {
  auto resolved = doc.resolve(schema);
  if (!resolved || !*resolved || !(*resolved)->is_object()) return {};
  const auto& type = (**resolved)["type"];
  if (type.is_string()) return type.str();
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && !(t == "null")) return t.str();
    }
  }
  if ((*resolved)->contains("items")) return "array";
  if ((*resolved)->contains("properties")) return "object";
  return {};
}

std::string item_type_of(const openapi::Document& doc, const openapi::Node& schema) {
  auto resolved = doc.resolve(schema);
  if (!resolved || !*resolved) return {};
  return type_of(doc, openapi::Document::child(*resolved, "items"));
}


bool is_json_media(const std::string& media) {
  std::string bare = media.substr(0, media.find(';'));
  return bare.find("json") != std::string::npos;
}


bool is_form_media(const std::string& media) {
  return starts_with_nocase(media, "application/x-www-form-urlencoded");
}


// A form body as the JSON object its schema reads: each field's values typed by its property's
// schema (form style, explode: a repeated field is an array, OpenAPI's default encoding), fields
// the schema does not name as strings (additionalProperties still sees them).
std::string form_json(const openapi::Document& doc, const openapi::Node& schema, const std::string& body) {
  auto fields = query_parameters("?" + body);
  auto resolved = doc.resolve(schema);
  const openapi::DocValue* properties = nullptr;
  if (resolved && *resolved && (*resolved)->is_object()) {
    auto it = (*resolved)->find("properties");
    if (it != (*resolved)->end() && it->is_object()) properties = &*it;
  }
  std::vector<std::string> names;
  for (const auto& [name, value] : fields) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string out = "{";
  for (const auto& name : names) {
    std::vector<std::string> raw;
    for (const auto& [n, v] : fields) {
      if (n == name) raw.push_back(v);
    }
    std::string type, item_type;
    if (properties && properties->contains(name)) {
      auto property = openapi::Document::child(*resolved, "properties");
      property = openapi::Document::child(property, name);
      type = type_of(doc, property);
      if (type == "array") item_type = item_type_of(doc, property);
    }
    auto value = raw.size() > 1 && type.empty() ? std::optional<std::string>{}
                                                : parameter_json(raw, type, item_type, "form", true);
    if (!value) {  // repeated with no schema, or an object field: kept as text
      value = raw.size() > 1 ? parameter_json(raw, "array", "string", "form", true) : scalar_json(raw.front(), "string");
    }
    out += (out.size() > 1 ? "," : "") + nlohmann::json(name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           ":" + *value;
  }
  return out + "}";
}


bool is_multipart_form_media(const std::string& media) { return starts_with_nocase(media, "multipart/form-data"); }

namespace {

// The media types an encoding object allows for part `name` ("image/png, image/jpeg"), if any.
std::vector<std::string> allowed_types(const openapi::MediaType& media, const std::string& name) {
  std::vector<std::string> out;
  if (!media.node || !media.node->is_object()) return out;
  auto encoding = media.node->find("encoding");
  if (encoding == media.node->end() || !encoding->is_object()) return out;
  auto entry = encoding->find(name);
  if (entry == encoding->end() || !entry->is_object()) return out;
  auto types = entry->find("contentType");
  if (types == entry->end() || !types->is_string()) return out;
  for (auto& t : split(types->get<std::string>(), ',')) {
    auto first = t.find_first_not_of(' '), last = t.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(t.substr(first, last - first + 1));
  }
  return out;
}

}  // namespace

MultipartReading multipart_json(const openapi::Document& doc, const openapi::MediaType& media,
                                 const std::vector<MultipartPart>& parts) {
  MultipartReading out;
  auto resolved = media.schema ? doc.resolve(media.schema) : Result<openapi::Node>(openapi::Node{});
  const bool has_properties = resolved && *resolved && (*resolved)->is_object() && (*resolved)->contains("properties");
  std::vector<std::string> names;
  for (const auto& part : parts) {
    if (std::find(names.begin(), names.end(), part.name) == names.end()) names.push_back(part.name);
  }
  out.json = "{";
  for (const auto& name : names) {
    std::string type, item_type;
    if (has_properties && (**resolved)["properties"].contains(name)) {
      auto property = openapi::Document::child(openapi::Document::child(*resolved, "properties"), name);
      type = type_of(doc, property);
      if (type == "array") item_type = item_type_of(doc, property);
    }
    const auto allowed = allowed_types(media, name);
    std::vector<std::string> values;
    for (const auto& part : parts) {
      if (part.name != name) continue;
      // RFC 7578 section 4.4: a part without a Content-Type is text/plain.
      const std::string sent = part.content_type.empty() ? "text/plain" : part.content_type;
      if (!allowed.empty() &&
          std::none_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return media_matches(a, sent); })) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        out.violations.push_back({request_kind::media_type, "/body/" + name,
                                  "part '" + name + "' has Content-Type " + sent + ", not one of: " + list, "", ""});
      }
      const std::string want = type == "array" ? item_type : type;
      // Objects travel as JSON (OpenAPI's default encoding for them), as do parts sent as JSON.
      if (want == "object" || want == "array" || (want.empty() && is_json_media(part.content_type))) {
        if (nlohmann::json::accept(part.body)) {
          values.push_back(part.body);
          continue;
        }
        if (want == "object" || want == "array") {
          out.violations.push_back({request_kind::malformed, "/body/" + name, "part '" + name + "' is not valid JSON", "", ""});
        }
        values.push_back(json_text(part.body));
        continue;
      }
      values.push_back(scalar_json(part.body, want));
    }
    std::string value;
    if (type == "array" || values.size() > 1) {
      value = "[";
      for (std::size_t i = 0; i < values.size(); ++i) value += (i ? "," : "") + values[i];
      value += "]";
    } else {
      value = values.front();
    }
    out.json += (out.json.size() > 1 ? "," : "") + json_text(name) + ":" + value;
  }
  out.json += "}";
  return out;
}

}  // namespace sonde::check
