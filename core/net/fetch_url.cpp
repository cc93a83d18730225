#include "core/net/fetch_url.hpp"

#include <curl/curl.h>

#include <memory>

#include "core/net/libcurl_loader.hpp"

namespace sonde::net {

namespace {

struct Sink {
  std::string body;
  std::size_t max = 0;
  bool too_big = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body.size() + n > sink->max) {
    sink->too_big = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

}  // namespace

Result<std::string> fetch_url(const std::string& url, const FetchLimits& limits) {
  if (auto loaded = load_libcurl(); !loaded) return std::unexpected(loaded.error());
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return fail(ErrorKind::internal, "cannot create a libcurl handle", url);
  Sink sink;
  sink.max = limits.max_bytes;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  // A $ref must not reach file://, dict:// and friends, even through a redirect.
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, limits.timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "sonde");
  CURLcode rc = curl_easy_perform(curl.get());
  if (sink.too_big) {
    return fail(ErrorKind::invalid_input, "remote document larger than " + std::to_string(limits.max_bytes >> 20) + " MiB",
                url);
  }
  if (rc != CURLE_OK) {
    std::string why = error[0] ? error : curl_easy_strerror(rc);
    return fail(ErrorKind::runtime, "cannot fetch remote $ref (" + why + ")", url);
  }
  return std::move(sink.body);
}

}  // namespace sonde::net
