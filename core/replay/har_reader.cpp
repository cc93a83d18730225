#include "core/replay/har_reader.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/util/atomic_file.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::replay {

namespace {

using nlohmann::json;

std::size_t line_of(const std::string& text, std::size_t byte) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

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

Result<Request> entry_request(const json& entry, const std::string& where, std::size_t index) {
  if (!entry.is_object() || !entry.contains("request") || !entry["request"].is_object()) {
    return fail(ErrorKind::invalid_input, "HAR entry " + std::to_string(index) + " has no request object", where);
  }
  const json& req = entry["request"];
  if (!req.contains("url") || !req["url"].is_string() || !req.contains("method") || !req["method"].is_string()) {
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
      if (!h.is_object() || !h.contains("name") || !h.contains("value") || !h["name"].is_string() ||
          !h["value"].is_string()) {
        return fail(ErrorKind::invalid_input, "HAR entry " + std::to_string(index) + " has a header without name/value",
                    where);
      }
      std::string name = h["name"].get<std::string>();
      if (!computed_by_curl(name)) r.headers.push_back({name, h["value"].get<std::string>()});
    }
  }
  if (req.contains("postData") && req["postData"].is_object()) {
    const json& post = req["postData"];
    if (post.contains("text") && post["text"].is_string()) {
      r.body = post["text"].get<std::string>();
    } else if (post.contains("params") && post["params"].is_array()) {
      r.body = form_body(post["params"]);
    }
    if (post.contains("mimeType") && post["mimeType"].is_string() && !post["mimeType"].get<std::string>().empty() &&
        !header_value(r.headers, "Content-Type")) {
      r.headers.push_back({"Content-Type", post["mimeType"].get<std::string>()});
    }
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
