#include "core/check/generate/serialize.hpp"

#include "core/util/text_codec.hpp"

namespace sonde::check::generate {

namespace {

std::string dump(const nlohmann::json& v) { return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// Arrays and objects flattened the way `simple` and non-exploded `form` join them: "a,b" and
// "k1,v1,k2,v2" (exploded objects: "k1=v1,k2=v2"). `encode` percent-encodes each piece, never the
// separators.
std::string joined(const nlohmann::json& value, bool explode_objects, bool encode, char separator = ',') {
  auto piece = [&](const std::string& s) { return encode ? percent_encode(s) : s; };
  std::string out;
  auto add = [&](const std::string& s) {
    if (!out.empty()) out.push_back(separator);
    out += s;
  };
  if (value.is_array()) {
    for (const auto& item : value) add(piece(scalar_text(item)));
  } else if (value.is_object()) {
    for (const auto& [k, v] : value.items()) {
      if (explode_objects) add(piece(k) + "=" + piece(scalar_text(v)));
      else {
        add(piece(k));
        add(piece(scalar_text(v)));
      }
    }
  } else {
    out = piece(scalar_text(value));
  }
  return out;
}

void add_query(std::string& query, const std::string& name, const std::string& encoded_value) {
  query.push_back(query.empty() ? '?' : '&');
  query += percent_encode(name) + "=" + encoded_value;
}

void query_parameter(std::string& query, const openapi::Parameter& p, const nlohmann::json& value) {
  if (value.is_array()) {
    if (p.style == "form" && p.explode) {
      for (const auto& item : value) add_query(query, p.name, percent_encode(scalar_text(item)));
    } else {
      char sep = p.style == "spaceDelimited" ? ' ' : p.style == "pipeDelimited" ? '|' : ',';
      std::string text;
      for (const auto& item : value) {
        if (!text.empty()) text += sep == ' ' ? std::string("%20") : std::string(1, sep);
        text += percent_encode(scalar_text(item));
      }
      add_query(query, p.name, text);
    }
  } else if (value.is_object()) {
    if (p.style == "deepObject") {
      for (const auto& [k, v] : value.items()) add_query(query, p.name + "[" + k + "]", percent_encode(scalar_text(v)));
    } else if (p.explode) {
      for (const auto& [k, v] : value.items()) add_query(query, k, percent_encode(scalar_text(v)));
    } else {
      add_query(query, p.name, joined(value, false, true));
    }
  } else {
    add_query(query, p.name, percent_encode(scalar_text(value)));
  }
}

}  // namespace

std::string bearer_line(const std::string& token) { return "Authorization: Bearer " + token; }

std::string scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return dump(value);
}

LiveRequest serialize(const Case& c, const Target& target) {
  LiveRequest req;
  req.method = c.method;
  req.max_time_s = target.max_time_s;
  // A header the user gives with -H wins over a generated value (a tenant id, an API version).
  std::set<std::string> user_headers;
  for (const auto& h : target.headers) user_headers.insert(ascii_lower(h.substr(0, h.find(':'))));
  std::string path = c.op->path;
  std::string query;
  std::vector<std::string> cookies;
  const auto& params = c.op->parameters;
  for (std::size_t i = 0; i < params.size() && i < c.values.params.size(); ++i) {
    const auto& value = c.values.params[i];
    const auto& p = params[i];
    if (p.in == "path") {
      std::string key = "{" + p.name + "}";
      // A path parameter left out still fills its segment: an empty one would match another path.
      std::string text = value ? joined(*value, p.explode, true) : std::string();
      for (auto pos = path.find(key); pos != std::string::npos; pos = path.find(key, pos + text.size())) {
        path.replace(pos, key.size(), text);
      }
      continue;
    }
    if (!value) continue;
    if (p.in == "query") query_parameter(query, p, *value);
    else if (p.in == "header" && !user_headers.count(ascii_lower(p.name))) req.headers.push_back(p.name + ": " + joined(*value, p.explode, false));
    else if (p.in == "cookie") cookies.push_back(p.name + "=" + percent_encode(scalar_text(*value)));
  }
  if (!cookies.empty()) {
    std::string line = "Cookie: ";
    for (std::size_t i = 0; i < cookies.size(); ++i) line += (i ? "; " : "") + cookies[i];
    req.headers.push_back(line);
  }
  if (c.values.raw_body) {
    req.body = *c.values.raw_body;
    req.headers.push_back("Content-Type: " + c.values.media_type);
  } else if (c.values.body) {
    req.body = dump(*c.values.body);
    req.headers.push_back("Content-Type: " + c.values.media_type);
  }
  for (const auto& h : target.headers) {
    std::string name = ascii_lower(h.substr(0, h.find(':')));
    if (c.without_auth && target.credential_names.count(name)) continue;
    if (!c.left_out_header.empty() && name == ascii_lower(c.left_out_header)) continue;
    req.headers.push_back(h);
  }
  if (target.login && !c.without_auth) req.headers.push_back(bearer_line(target.login->current()));
  std::string base = target.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  req.url = base + path + query;
  return req;
}

}  // namespace sonde::check::generate
