#include "core/replay/har_reader.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/replay/multipart.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/base64.hpp"
#include "core/util/text_codec.hpp"
#include "core/util/text.hpp"

namespace sonde::replay {

namespace {

using nlohmann::json;

// nlohmann keeps no positions, so a semantic error is located by finding the entry's n-th
// "request" key in the text: good enough to point an editor at the right entry.
std::string locate_entry(const std::string& text, const std::string& path, std::size_t index) {
  std::size_t pos = 0;
  for (std::size_t seen = 0; (pos = text.find("\"request\"", pos)) != std::string::npos; ++pos, ++seen) {
    if (seen == index) return path + ":" + std::to_string(line_of(text, pos));
  }
  return path;
}

// HAR 1.2 lets a form body be given as postData.params instead of postData.text.
std::string form_body(const json& params) {
  std::string body;
  for (const auto& p : params) {
    if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) continue;
    std::string value = p.contains("value") && p["value"].is_string() ? p["value"].get<std::string>() : "";
    body += (body.empty() ? "" : "&") + percent_encode(p["name"].get<std::string>()) + "=" + percent_encode(value);
  }
  return body;
}

bool computed_by_curl(const std::string& name) {
  return name.starts_with(":") || iequals(name, "Content-Length") || iequals(name, "Host");
}

std::string string_field(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

bool has_string(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string();
}

// HTTP/2 splits the cookie header into one field per cookie; RFC 9113 §8.2.3 says to join them
// with "; " before passing them to an HTTP/1.1 context.
void join_cookie_headers(Headers& headers) {
  auto first = std::find_if(headers.begin(), headers.end(), [](const Header& h) { return iequals(h.name, "Cookie"); });
  if (first == headers.end()) return;
  for (auto it = first + 1; it != headers.end();) {
    if (iequals(it->name, "Cookie")) {
      first->value += "; " + it->value;
      it = headers.erase(it);
    } else {
      ++it;
    }
  }
}

std::string form_decode(std::string_view text) {
  std::string plus(text);
  std::replace(plus.begin(), plus.end(), '+', ' ');
  return percent_decode(plus);
}

// Captures list the query both in the URL and in queryString; some tools (and hand-edited HARs)
// put parameters only in queryString, so the ones the URL lacks are appended.
std::string merge_query_string(std::string url, const json& query) {
  if (!query.is_array() || query.empty()) return url;
  const auto hash = url.find('#');
  std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  url = url.substr(0, hash);
  std::vector<std::pair<std::string, std::string>> present;
  if (auto q = url.find('?'); q != std::string::npos) {
    std::string_view rest = std::string_view(url).substr(q + 1);
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      auto eq = pair.find('=');
      present.push_back({std::string(pair.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1))});
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    }
  }
  for (const auto& p : query) {
    if (!has_string(p, "name")) continue;
    const std::string name = string_field(p, "name");
    const std::string value = string_field(p, "value");
    auto match = std::find_if(present.begin(), present.end(), [&](const auto& have) {
      return (have.first == name || form_decode(have.first) == name) &&
             (have.second == value || form_decode(have.second) == value);
    });
    if (match != present.end()) {
      present.erase(match);
      continue;
    }
    url += url.find('?') == std::string::npos ? "?" : (url.ends_with("?") || url.ends_with("&") ? "" : "&");
    url += percent_encode(name) + "=" + percent_encode(value);
  }
  return url + fragment;
}

// request.cookies that no Cookie header carries are added to it (or to a new one).
void add_cookies(Headers& headers, const json& cookies) {
  if (!cookies.is_array()) return;
  std::string existing = header_value(headers, "Cookie").value_or("");
  std::vector<std::string> names;
  for (std::string_view rest = existing; !rest.empty();) {
    auto semi = rest.find(';');
    std::string_view pair = trim(rest.substr(0, semi));
    names.emplace_back(trim(pair.substr(0, pair.find('='))));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
  }
  std::string added;
  for (const auto& c : cookies) {
    if (!has_string(c, "name")) continue;
    const std::string name = string_field(c, "name");
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    added += (added.empty() ? "" : "; ") + name + "=" + string_field(c, "value");
    names.push_back(name);
  }
  if (added.empty()) return;
  for (auto& h : headers) {
    if (iequals(h.name, "Cookie")) {
      h.value += (h.value.empty() ? "" : "; ") + added;
      return;
    }
  }
  headers.push_back({"Cookie", added});
}

std::optional<std::string> boundary_of(std::string_view content_type) {
  auto at = content_type.find("boundary=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view b = content_type.substr(at + 9);
  b = b.substr(0, b.find(';'));
  b = trim(b);
  if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
  return b.empty() ? std::nullopt : std::optional<std::string>(b);
}

// multipart/form-data given as params: encoded with the shared encoder, keeping the captured
// boundary when it is safe (it occurs in no part) so the Content-Type stays as captured.
void multipart_body(Request& r, const json& params, const std::string& mime) {
  std::vector<MultipartPart> parts;
  for (const auto& p : params) {
    if (!has_string(p, "name")) continue;
    MultipartPart part;
    part.name = string_field(p, "name");
    part.data = string_field(p, "value");
    if (has_string(p, "fileName")) part.filename = string_field(p, "fileName");
    // A part's Content-Type with a line break cannot be a captured one: it would add part headers.
    if (has_string(p, "contentType") && !string_field(p, "contentType").empty() &&
        string_field(p, "contentType").find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos) {
      part.content_type = string_field(p, "contentType");
    }
    parts.push_back(std::move(part));
  }
  const std::string declared = header_value(r.headers, "Content-Type").value_or(mime);
  auto boundary = boundary_of(declared);
  bool safe = boundary.has_value();
  for (const auto& part : parts) safe = safe && part.data.find(*boundary) == std::string::npos;
  const std::string chosen = safe ? *boundary : multipart_boundary(parts);
  r.body = encode_multipart(parts, chosen);
  if (safe) return;
  // The captured Content-Type keeps its place; only its value gains the boundary.
  for (auto& h : r.headers) {
    if (iequals(h.name, "Content-Type")) {
      h.value = multipart_content_type(chosen);
      return;
    }
  }
  r.headers.push_back({"Content-Type", multipart_content_type(chosen)});
}

Result<void> post_data(Request& r, const json& post, const std::string& where, std::size_t index) {
  const std::string mime = string_field(post, "mimeType");
  const std::string text = string_field(post, "text");
  const bool params = post.contains("params") && post["params"].is_array() && !post["params"].empty();
  if (!text.empty() || !params) {
    if (iequals(string_field(post, "encoding"), "base64")) {
      auto bytes = base64_decode(text);
      if (!bytes) {
        return fail(ErrorKind::invalid_input, "HAR entry " + std::to_string(index) + ": postData.text is not valid base64",
                    where);
      }
      r.body = std::move(*bytes);
    } else {
      r.body = text;
    }
  } else if (mime.starts_with("multipart/")) {
    multipart_body(r, post["params"], mime);
  } else {
    r.body = form_body(post["params"]);
  }
  if (!mime.empty() && !r.body.empty() && !header_value(r.headers, "Content-Type")) {
    r.headers.push_back({"Content-Type", mime});
  }
  return {};
}

Result<Request> entry_request(const json& entry, const std::string& where, std::size_t index) {
  if (!entry.is_object() || !entry.contains("request") || !entry["request"].is_object()) {
    return fail(ErrorKind::invalid_input, "HAR entry " + std::to_string(index) + " has no request object", where);
  }
  const json& req = entry["request"];
  if (!has_string(req, "url") || !has_string(req, "method")) {
    return fail(ErrorKind::invalid_input, "HAR entry " + std::to_string(index) + " needs request.method and request.url",
                where);
  }
  Request r;
  r.method = req["method"].get<std::string>();
  r.url = req["url"].get<std::string>();
  r.origin = where;
  r.name = "entry " + std::to_string(index);
  if (req.contains("headers") && req["headers"].is_array()) {
    for (const auto& h : req["headers"]) {
      if (!has_string(h, "name") || !has_string(h, "value")) {
        return fail(ErrorKind::invalid_input, "HAR entry " + std::to_string(index) + " has a header without name/value",
                    where);
      }
      std::string name = h["name"].get<std::string>();
      if (!computed_by_curl(name)) r.headers.push_back({name, h["value"].get<std::string>()});
    }
  }
  join_cookie_headers(r.headers);
  if (req.contains("cookies")) add_cookies(r.headers, req["cookies"]);
  if (req.contains("queryString")) r.url = merge_query_string(r.url, req["queryString"]);
  if (req.contains("postData") && req["postData"].is_object()) {
    if (auto ok = post_data(r, req["postData"], where, index); !ok) return std::unexpected(ok.error());
  }
  return r;
}

}  // namespace

Result<ReadResult> parse_har_text(const std::string& text, const std::string& path, const std::string& filter) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(ErrorKind::invalid_input, "malformed JSON in HAR file", path + ":" + std::to_string(line_of(text, e.byte)));
  } catch (const json::exception&) {  // out_of_range: a number such as 1E400 (found by fuzz_har)
    return fail(ErrorKind::invalid_input, "a number in the HAR file is out of range", path);
  }
  if (!doc.is_object() || !doc.contains("log") || !doc["log"].is_object() || !doc["log"].contains("entries") ||
      !doc["log"]["entries"].is_array()) {
    return fail(ErrorKind::invalid_input, "not a HAR file: no log.entries array", path + ":1");
  }
  std::optional<std::regex> re;
  if (!filter.empty()) {
    try {
      re.emplace(filter, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return fail(ErrorKind::usage, std::string("invalid --filter regular expression: ") + e.what(), filter);
    }
  }
  ReadResult result;
  const json& entries = doc["log"]["entries"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto request = entry_request(entries[i], locate_entry(text, path, i), i);
    if (!request) return std::unexpected(request.error());
    if (re && !std::regex_search(request->url, *re)) continue;
    result.requests.push_back(std::move(*request));
  }
  if (result.requests.empty()) {
    return fail(ErrorKind::invalid_input, filter.empty() ? "the HAR file has no entries" : "no HAR entry matches --filter",
                path + ":1");
  }
  return result;
}

Result<ReadResult> read_har_file(const std::string& path, const std::string& filter) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_har_text(*text, path, filter);
}

}  // namespace sonde::replay
