#include "core/proxy/upstream.hpp"

#include <algorithm>
#include <strings.h>

#include "core/net/curl_error.hpp"
#include "core/net/curl_handle.hpp"
#include "core/net/libcurl_loader.hpp"
#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::proxy {

namespace {

struct Received {
  mock::MockResponse response;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  const std::size_t n = size * count;
  if (r->response.body.size() + n > net::k_max_kept_body) {
    r->too_large = true;
    return 0;  // stops the transfer
  }
  r->response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  const std::size_t n = size * count;
  take_header_line(std::string_view(data, n), static_cast<Received*>(user)->response.headers);
  return n;
}

// One easy handle per worker thread: connections to the upstream are kept alive between requests.
CURL* thread_handle() {
  thread_local net::EasyHandle handle = net::make_easy();
  return handle.get();
}

}  // namespace

bool hop_by_hop(std::string_view name) {
  static constexpr std::string_view names[] = {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
                                               "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding",
                                               "Upgrade"};
  return std::any_of(std::begin(names), std::end(names), [&](auto n) { return iequals_ascii(n, name); });
}

void take_header_line(std::string_view line, mock::HeaderList& headers) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a 1xx answer before the real one
    return;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return;
  std::string name(line.substr(0, colon));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  // The server writes its own framing (Content-Length of the body it sends) and connection headers.
  if (iequals_ascii(name, "Content-Type")) name = "Content-Type";  // the server writes it by this name
  if (!hop_by_hop(name) && strcasecmp(name.c_str(), "Content-Length") != 0) headers.emplace_back(std::move(name), std::string(value));
}

Result<std::string> upstream_url(std::string_view target, std::string_view base) {
  while (base.ends_with('/')) base.remove_suffix(1);
  const bool absolute = starts_with_nocase(target, "http://") || starts_with_nocase(target, "https://");
  if (absolute) {
    const std::size_t authority = target.find("//") + 2;
    const std::size_t path = target.find_first_of("/?", authority);
    const std::string_view host = target.substr(authority, path == std::string_view::npos ? path : path - authority);
    if (host.empty() || host.find_first_of(" \t") != std::string_view::npos) {
      return fail(ErrorKind::usage, "the request target has no host", std::string(target));
    }
    if (base.empty()) return std::string(target);
    std::string rest = path == std::string_view::npos ? "/" : std::string(target.substr(path));
    if (rest.starts_with('?')) rest.insert(0, "/");
    return std::string(base) + rest;
  }
  if (base.empty()) {
    return fail(ErrorKind::usage,
                "this proxy has no --upstream: it forwards absolute URLs only (a client with HTTP_PROXY sends them)",
                std::string(target));
  }
  if (!target.starts_with('/')) {
    return fail(ErrorKind::usage, "the request target must be a path starting with / or an absolute URL", std::string(target));
  }
  return std::string(base) + std::string(target);
}

Result<mock::MockResponse> forward(const mock::MockRequest& request, const UpstreamOptions& options) {
  auto where = upstream_url(request.target, options.base);
  if (!where) return std::unexpected(where.error());
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  CURL* h = thread_handle();
  const std::string& url = *where;
  std::vector<std::string> lines;
  for (const auto& [name, value] : request.headers) {
    if (hop_by_hop(name) || iequals_ascii(name, "Host") || iequals_ascii(name, "Content-Length")) continue;
    lines.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  // Nothing the client did not send: no Expect wait, no default Content-Type, no Accept.
  lines.emplace_back("Expect:");
  bool typed = std::any_of(request.headers.begin(), request.headers.end(),
                           [](const auto& hv) { return iequals_ascii(hv.first, "Content-Type"); });
  if (!typed) lines.emplace_back("Content-Type:");
  bool accepts = std::any_of(request.headers.begin(), request.headers.end(),
                             [](const auto& hv) { return iequals_ascii(hv.first, "Accept"); });
  if (!accepts) lines.emplace_back("Accept:");
  net::Slist headers = net::make_slist(lines);
  Received received;
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(h, CURLOPT_USERAGENT, nullptr);  // the client's own User-Agent, or none
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
  if (!options.cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.cacert.c_str());
  const bool head = request.method == "HEAD";
  if (head) {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  }
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, head ? nullptr : request.method.c_str());
  const CURLcode code = curl_easy_perform(h);
  if (received.too_large) {
    return fail(ErrorKind::runtime, "upstream " + net::body_limit_message(net::k_max_kept_body), Redactor().shown_url(url));
  }
  if (code != CURLE_OK) {
    return std::unexpected(net::to_error(net::classify_transfer_error(code, h, error_buffer), Redactor().shown_url(url)));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  received.response.status = static_cast<int>(status);
  return std::move(received.response);
}

}  // namespace sonde::proxy
