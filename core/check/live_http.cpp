#include "core/check/live_http.hpp"

#include <curl/curl.h>

#include <memory>

#include "core/net/curl_error.hpp"
#include "core/net/libcurl_loader.hpp"

namespace sonde::check {

namespace {

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Body {
  std::string text;
  bool too_large = false;
};

// An endless body would otherwise grow until --max-time (gigabytes at loopback speed).
std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* body = static_cast<Body*>(user);
  if (body->text.size() + size * n > net::k_max_kept_body) {
    body->too_large = true;
    return 0;  // libcurl stops the transfer (CURLE_WRITE_ERROR)
  }
  body->text.append(data, size * n);
  return size * n;
}

// Keeps only the last response's headers: a new status line starts a new set (100-continue,
// redirects are not followed).
std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.starts_with("HTTP/")) {
    headers->clear();
  } else if (auto colon = line.find(':'); colon != std::string::npos) {
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    headers->emplace_back(line.substr(0, colon), value);
  }
  return size * n;
}

}  // namespace

LiveClient::LiveClient() = default;

LiveClient::~LiveClient() {
  if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

Result<HttpExchange> send_live(const LiveRequest& request) {
  LiveClient client;
  return client.send(request);
}

Result<HttpExchange> LiveClient::send(const LiveRequest& request) {
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  if (!handle_) handle_ = curl_easy_init();
  if (!handle_) return fail(ErrorKind::internal, "curl_easy_init failed");
  // reset() forgets the last request's options but keeps the connection cache.
  curl_easy_reset(static_cast<CURL*>(handle_));
  HttpExchange ex;
  ex.method = request.method;
  ex.url = request.url;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& h : request.headers) headers.reset(curl_slist_append(headers.release(), h.c_str()));
  CURL* c = static_cast<CURL*>(handle_);
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!request.body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.max_time_s * 1000));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // decoded bodies are what the schema describes
  curl_easy_setopt(c, CURLOPT_USERAGENT, "sonde-check");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  Body body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex.headers);
  CURLcode rc = curl_easy_perform(c);
  if (body.too_large) return fail(ErrorKind::runtime, net::body_limit_message(net::k_max_kept_body), request.url);
  if (rc != CURLE_OK) {
    // The classifier's words ("timed out (...)", "response header line over ...") are the ones
    // time, replay and test print too; libcurl's bare strerror said "Out of memory" for a big header.
    const auto failure = net::classify_transfer_error(rc, c, error_buffer);
    return fail(ErrorKind::runtime, failure.message, request.url,
                rc == CURLE_COULDNT_CONNECT ? "is the server running at --base-url?" : "");
  }
  ex.body = std::move(body.text);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  ex.status = static_cast<int>(status);
  curl_off_t total_us = 0;
  if (curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total_us) == CURLE_OK) ex.time_ms = static_cast<double>(total_us) / 1000.0;
  return ex;
}

}  // namespace sonde::check
