#include "core/check/generate/reproduce.hpp"

#include <nlohmann/json.hpp>

#include "core/check/generate/checks.hpp"
#include "core/check/live_request.hpp"

namespace sonde::check::generate {

namespace {

// A Hurl variable name for a credential header: "Authorization" -> "authorization".
std::string variable_for(std::string_view name) {
  std::string out;
  for (char ch : name) out.push_back(ch == '-' ? '_' : static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
  return out;
}

// Replaces whole path segments of the URL ("/items/41" -> "/items/{{itemId}}"): the same digits
// elsewhere (the host, the port, a longer id) stay as they are.
std::string substituted(const std::string& url, const std::vector<std::pair<std::string, std::string>>& subs) {
  auto scheme = url.find("://");
  auto path_start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path_start == std::string::npos) return url;
  auto path_end = url.find_first_of("?#", path_start);
  if (path_end == std::string::npos) path_end = url.size();
  std::string out = url.substr(0, path_start);
  std::size_t start = path_start;
  while (start < path_end) {
    auto next = url.find('/', start + 1);
    if (next == std::string::npos || next > path_end) next = path_end;
    std::string segment = url.substr(start + 1, next - start - 1);
    for (const auto& [from, to] : subs) {
      if (!from.empty() && segment == from) {
        segment = to;
        break;
      }
    }
    out += "/" + segment;
    start = next;
  }
  return out + url.substr(path_end);
}

// JSON bodies are written as JSON (Hurl reads them as such); anything else as a ``` block.
std::string hurl_body(const std::string& body) {
  if (nlohmann::json::accept(body) && (body.starts_with("{") || body.starts_with("["))) return body + "\n";
  return "```\n" + body + "\n```\n";
}

}  // namespace

std::vector<std::string> hurl_asserts(const std::string& check, long max_response_ms) {
  if (check == check_id::time && max_response_ms > 0) return {"duration <= " + std::to_string(max_response_ms)};
  if (check == check_id::server_error) return {"status < 500"};
  if (check == check_id::negative || check == check_id::missing_header) return {"status >= 400", "status < 500"};
  if (check == check_id::positive) return {"status != 400", "status != 422"};
  if (check == check_id::method) return {"status == 405", "header \"Allow\" exists"};
  if (check == check_id::auth) return {"status >= 401", "status <= 403"};
  if (check == check_id::use_after_free) return {"status >= 404", "status <= 410"};
  if (check == check_id::availability) return {"status != 404"};
  if (check == check_id::idempotency) return {"body == \"{{first_body}}\""};
  return {};
}

Reproduction reproduce(const std::vector<Step>& steps, const std::string& check, const std::string& comment,
                       const Redactor& redactor, long max_response_ms) {
  Reproduction out;
  if (steps.empty()) return out;
  out.curl = to_curl(steps.back().request, redactor);
  std::string& h = out.hurl;
  std::string::size_type start = 0;
  while (start < comment.size()) {
    auto end = comment.find('\n', start);
    h += "# " + comment.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
    start = end == std::string::npos ? comment.size() : end + 1;
  }
  std::vector<std::pair<std::string, std::string>> subs;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& r = steps[i].request;
    h += "\n" + r.method + " " + substituted(r.url, subs) + "\n";
    for (const auto& line : r.headers) {
      auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      if (redactor.is_secret(name)) h += name + ": {{" + variable_for(name) + "}}\n";
      else h += line + "\n";
    }
    if (!r.body.empty()) h += hurl_body(r.body);
    bool last = i + 1 == steps.size();
    auto asserts = last ? hurl_asserts(check, max_response_ms) : std::vector<std::string>{};
    h += "HTTP *\n";
    if (!steps[i].captures.empty()) {
      h += "[Captures]\n";
      for (const auto& [name, query] : steps[i].captures) h += name + ": " + query + "\n";
    }
    if (!asserts.empty()) {
      h += "[Asserts]\n";
      for (const auto& a : asserts) h += a + "\n";
    }
    subs.insert(subs.end(), steps[i].substitutions.begin(), steps[i].substitutions.end());
  }
  return out;
}

}  // namespace sonde::check::generate
