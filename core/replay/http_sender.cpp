#include "core/replay/http_sender.hpp"

#include <algorithm>
#include <memory>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <new>
#include <optional>
#include <string_view>

#include "core/net/curl_handle.hpp"
#include "core/timing/hop_plan.hpp"
#include "core/timing/target.hpp"
#include "core/util/file_read.hpp"
#include "core/util/header_field.hpp"
#include "core/util/redaction.hpp"

namespace sonde::replay {

namespace {

struct Collected {
  Response response;
  std::size_t max_body = 0;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* collected = static_cast<Collected*>(user);
  if (collected->response.body.size() + size * count > collected->max_body) {
    collected->too_large = true;
    return 0;  // libcurl stops the transfer (CURLE_WRITE_ERROR)
  }
  collected->response.body.append(data, size * count);
  return size * count;
}

// Called once per header line, status line included; a 1xx interim response starts over.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& response = static_cast<Collected*>(user)->response;
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    response.status_line = std::string(line);
    response.headers.clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    response.headers.push_back({std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
  }
  return size * count;
}

std::vector<std::string> header_lines(const Request& request) {
  std::vector<std::string> lines;
  for (const auto& h : request.headers) {
    // "Name;" is curl's way to send a header with an empty value.
    lines.push_back(h.value.empty() ? h.name + ";" : h.name + ": " + h.value);
  }
  // Without this libcurl waits up to a second for "100 Continue" before sending a large body.
  if (!header_value(request.headers, "Expect")) lines.emplace_back("Expect:");
  // libcurl's POSTFIELDS adds "Content-Type: application/x-www-form-urlencoded" on its own; a
  // request sends only the Content-Type its source asked for (readers add curl's where curl would).
  if (!header_value(request.headers, "Content-Type")) lines.emplace_back("Content-Type:");
  return lines;
}

long curl_auth(Transport::Auth auth) {
  switch (auth) {
    case Transport::Auth::basic: return static_cast<long>(CURLAUTH_BASIC);
    case Transport::Auth::digest: return static_cast<long>(CURLAUTH_DIGEST);
    case Transport::Auth::ntlm: return static_cast<long>(CURLAUTH_NTLM);
    case Transport::Auth::bearer: return static_cast<long>(CURLAUTH_BEARER);
    case Transport::Auth::none: break;
  }
  return static_cast<long>(CURLAUTH_NONE);
}

// What the request's source asked of the transfer (curl_easy_setopt per Transport field, as
// curl's config2setopts does); sonde's own flags win where both say something.
void apply_transport(CURL* h, const Transport& t, const TransportOptions& options) {
  const std::string& ca = !options.cacert.empty() ? options.cacert : t.ca_file;
  if (!ca.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
  if (options.insecure || t.insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!t.client_cert.empty()) curl_easy_setopt(h, CURLOPT_SSLCERT, t.client_cert.c_str());
  if (!t.client_key.empty()) curl_easy_setopt(h, CURLOPT_SSLKEY, t.client_key.c_str());
  if (!t.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, t.proxy.c_str());
  if (!t.proxy_credentials.empty()) curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, t.proxy_credentials.c_str());
  if (t.auth == Transport::Auth::bearer) {
    curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, t.credentials.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, curl_auth(t.auth));
  } else if (t.auth != Transport::Auth::none) {
    curl_easy_setopt(h, CURLOPT_USERPWD, t.credentials.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, curl_auth(t.auth));
  }
  if (t.user_agent) curl_easy_setopt(h, CURLOPT_USERAGENT, t.user_agent->c_str());
  if (!t.referer.empty()) curl_easy_setopt(h, CURLOPT_REFERER, t.referer.c_str());
  if (!t.cookie.empty()) curl_easy_setopt(h, CURLOPT_COOKIE, t.cookie.c_str());
  for (const auto& file : t.cookie_files) curl_easy_setopt(h, CURLOPT_COOKIEFILE, file.c_str());
  if (!t.cookie_jar.empty()) curl_easy_setopt(h, CURLOPT_COOKIEJAR, t.cookie_jar.c_str());
  if (!t.range.empty()) curl_easy_setopt(h, CURLOPT_RANGE, t.range.c_str());
  if (t.http_version == "1.0") curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_0));
  if (t.http_version == "1.1") curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  if (t.http_version == "2") curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2_0));
  // "" asks for every encoding this libcurl can decode, and decodes the response.
  if (t.decode_compressed) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
}

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

}  // namespace

Result<void> check_url(const Request& request) {
  net::ensure_curl_global_init();
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (!url) throw std::bad_alloc();
  if (CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, request.url.c_str(), 0); rc != CURLUE_OK) {
    // Shortened: a request line can be a whole 600 KB file given by mistake (a HAR without --har).
    return fail(ErrorKind::invalid_input,
                "invalid URL '" + shorten_where(Redactor().shown_url(request.url)) + "' (" + curl_url_strerror(rc) + ")",
                request.origin);
  }
  char* scheme = nullptr;
  curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0);
  std::string s = scheme ? scheme : "";
  curl_free(scheme);
  if (s != "http" && s != "https") {
    return fail(ErrorKind::invalid_input, "unsupported URL scheme '" + s + "' (only http and https)", request.origin);
  }
  return {};
}

namespace {

// The values libcurl turns into header fields itself (User-Agent, Referer, Cookie, Range,
// Authorization) pass the same guard as the request's own headers, and the files it opens the
// same policy as sonde's own reads; the cookie jar it writes must be a regular file or new.
Result<void> check_transport(const Transport& t, ErrorKind kind, const std::string& where) {
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"User-Agent", t.user_agent ? &*t.user_agent : nullptr}, {"Referer", &t.referer}, {"Cookie", &t.cookie},
      {"Range", &t.range}, {"Authorization", &t.credentials}, {"Proxy-Authorization", &t.proxy_credentials}};
  for (const auto& [name, value] : fields) {
    if (!value) continue;
    // Redactor-shown: a credential with a CR must not appear in the error line either.
    if (auto ok = check_header_field(name, *value, kind, where); !ok) {
      return fail(kind, "the " + std::string(name) + " value holds a CR, LF or NUL; not sent", where);
    }
  }
  for (const auto& [path, what] : {std::pair{&t.ca_file, "--cacert"}, std::pair{&t.client_cert, "--cert"},
                                   std::pair{&t.client_key, "--key"}}) {
    if (!path->empty()) {
      if (auto ok = check_library_file(*path, what, where); !ok) return ok;
    }
  }
  for (const auto& file : t.cookie_files) {
    if (auto ok = check_library_file(file, "cookie file", where); !ok) return ok;
  }
  if (!t.cookie_jar.empty()) {
    std::error_code ec;
    auto status = std::filesystem::symlink_status(t.cookie_jar, ec);
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
      return fail(ErrorKind::invalid_input,
                  "cookie jar '" + t.cookie_jar + "' exists and is not a regular file (a link, device or FIFO); not written",
                  where);
    }
  }
  return {};
}

}  // namespace

Result<void> check_fields(const Request& request, ErrorKind kind) {
  const std::string where = request.origin.empty() ? request.name : request.origin;
  if (auto ok = check_method(request.method, kind, where); !ok) return ok;
  if (auto ok = check_url_chars(request.url, kind, where); !ok) return ok;
  for (const auto& h : request.headers) {
    if (auto ok = check_header_field(h.name, h.value, kind, where); !ok) return ok;
  }
  return check_transport(request.transport, kind, where);
}

namespace {

// The Location of a redirect resolved against the URL that answered; nullopt unless http(s).
std::optional<std::string> redirect_target(const std::string& from, const std::string& location) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, from.c_str(), 0) != CURLUE_OK) return std::nullopt;
  if (curl_url_set(u.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) return std::nullopt;
  char* scheme = nullptr;
  char* url = nullptr;
  std::optional<std::string> out;
  if (curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(u.get(), CURLUPART_URL, &url, 0) == CURLUE_OK &&
      (std::string_view(scheme) == "http" || std::string_view(scheme) == "https")) {
    out = url;
  }
  curl_free(scheme);
  curl_free(url);
  return out;
}

// What a credential looks like under the one redaction policy, plus libcurl-held credentials.
void withhold_credentials(Request& request) {
  const Redactor policy;
  std::erase_if(request.headers, [&](const Header& h) { return policy.is_secret(h.name); });
  request.transport.auth = Transport::Auth::none;
  request.transport.credentials.clear();
  request.transport.cookie.clear();
  request.transport.cookie_files.clear();  // cookie lines without a domain would go to any host
  remove_header(request.headers, "Host");  // the next origin is its own host
}

constexpr int k_max_redirects = 50;  // curl's default for -L

}  // namespace

SendResult CurlSender::send(const Request& request, Duration timeout) {
  if (!request.transport.follow_redirects) return send_once(request, timeout);
  // Redirects are followed here rather than by libcurl, which keeps custom credential headers
  // (X-Api-Key...) on a hop to another origin; here every credential stays on its origin unless
  // the source said --location-trusted.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Request current = request;
  current.transport.follow_redirects = false;
  for (int hop = 0;; ++hop) {
    auto left = std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now());
    if (hop > 0 && left <= Duration::zero()) {
      return std::unexpected(net::TransferError{net::TransferFailure::timeout,
                                                "timed out after " + std::to_string(hop) + " redirects"});
    }
    auto response = send_once(current, std::max(left, Duration(std::chrono::milliseconds(1))));
    if (!response) return response;
    const int s = response->status;
    if (!timing::is_redirect(s)) return response;
    if (hop >= k_max_redirects) {
      return std::unexpected(net::TransferError{net::TransferFailure::other,
                                                "more than " + std::to_string(k_max_redirects) + " redirects"});
    }
    auto location = header_value(response->headers, "Location");
    if (!location) return response;
    auto next = redirect_target(current.url, *location);
    if (!next) return response;
    if (!request.transport.location_trusted && !timing::same_origin(request.url, *next)) withhold_credentials(current);
    // As curl -L (and sonde time): 303 turns into GET, and so do 301 and 302 after a POST.
    std::string method = current.method;
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (timing::method_after_redirect(s, method) != method) {
      current.method = "GET";
      current.body.clear();
      current.transport.length_for_empty_body = false;
      for (const char* name : {"Content-Type", "Content-Length", "Transfer-Encoding", "Expect"}) {
        remove_header(current.headers, name);
      }
    }
    current.url = *next;
  }
}

SendResult CurlSender::send_once(const Request& request, Duration timeout) {
  // The readers already refuse these; this keeps any other caller from smuggling a header.
  if (auto ok = check_fields(request, ErrorKind::invalid_input); !ok) {
    return std::unexpected(net::TransferError{net::TransferFailure::other, ok.error().message + "; not sent"});
  }
  net::EasyHandle easy = net::make_easy();
  CURL* h = easy.get();
  Collected collected;
  collected.max_body = options_.max_body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  net::Slist headers = net::make_slist(header_lines(request));
  long timeout_ms = std::max<long>(1, static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()));

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");  // a request file never reads file:// or others
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &collected);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "sonde-replay");
  apply_transport(h, request.transport, options_);
  const bool head = iequals(request.method, "HEAD");
  const bool sends_body = !request.body.empty() ||
                          (request.transport.length_for_empty_body &&
                           (iequals(request.method, "POST") || iequals(request.method, "PUT") ||
                            iequals(request.method, "PATCH")));
  if (head) {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    // POSTFIELDS makes libcurl send the body (with Content-Length, also when it is 0); the method
    // name is then set separately so PUT/PATCH/DELETE bodies keep their verb.
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  }
  if (!head && !(sends_body && iequals(request.method, "POST")) && !(!sends_body && iequals(request.method, "GET"))) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode code = curl_easy_perform(h);
  if (collected.too_large) {
    return std::unexpected(net::TransferError{
        net::TransferFailure::other, "response body larger than the --max-body limit of " +
                                         std::to_string(options_.max_body) + " bytes; stopped reading"});
  }
  if (code != CURLE_OK) return std::unexpected(net::classify_transfer_error(code, h, error_buffer));
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  collected.response.status = static_cast<int>(status);
  return std::move(collected.response);
}

}  // namespace sonde::replay
