#include "core/timing/target.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace sonde::timing {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct TextDeleter {
  void operator()(char* p) const { curl_free(p); }
};

std::string part(CURLU* u, CURLUPart which, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(u, which, &raw, flags) != CURLUE_OK || raw == nullptr) return {};
  std::unique_ptr<char, TextDeleter> text(raw);
  return text.get();
}

}  // namespace

Result<Target> parse_target(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u) return fail(ErrorKind::internal, "out of memory parsing the URL", url);
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return fail(ErrorKind::usage, "not a valid absolute URL", url, "write e.g. https://example.com/path");
  }
  Target t;
  t.scheme = part(u.get(), CURLUPART_SCHEME);
  std::transform(t.scheme.begin(), t.scheme.end(), t.scheme.begin(), ::tolower);
  if (t.scheme != "http" && t.scheme != "https") {
    return fail(ErrorKind::usage, "only http and https URLs can be timed", url);
  }
  t.host = part(u.get(), CURLUPART_HOST);
  if (t.host.size() > 2 && t.host.front() == '[') t.host = t.host.substr(1, t.host.size() - 2);
  t.port = std::stol(part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT));
  return t;
}

std::string resolve_entry(const Target& target, const std::vector<std::string>& addresses) {
  std::string entry = target.host + ":" + std::to_string(target.port) + ":";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const bool v6 = addresses[i].find(':') != std::string::npos;
    entry += (i ? "," : "") + (v6 ? "[" + addresses[i] + "]" : addresses[i]);
  }
  return entry;
}

bool resolve_pins(const std::vector<std::string>& entries, const Target& target) {
  const std::string prefix = target.host + ":" + std::to_string(target.port) + ":";
  return std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
    std::string entry = e;
    if (!entry.empty() && (entry.front() == '+' || entry.front() == '-')) entry.erase(0, 1);
    return entry.size() > prefix.size() && entry.compare(0, prefix.size(), prefix) == 0;
  });
}

std::optional<std::string> parse_connect_attempt(const std::string& line) {
  static const std::string k_trying = "Trying ";
  auto start = line.find_first_not_of(' ');
  if (start == std::string::npos || line.compare(start, k_trying.size(), k_trying) != 0) return std::nullopt;
  std::string address = line.substr(start + k_trying.size());
  if (auto dots = address.find("..."); dots != std::string::npos) address.resize(dots);
  while (!address.empty() && (address.back() == '\n' || address.back() == '\r')) address.pop_back();
  if (address.empty()) return std::nullopt;
  return address;
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string method_after_redirect(long status, const std::string& method) {
  if (status == 303 && method != "HEAD") return "GET";
  if ((status == 301 || status == 302) && method == "POST") return "GET";
  return method;
}

}  // namespace sonde::timing
