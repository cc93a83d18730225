#pragma once
/// One exchange with the upstream, driven step by step (libcurl's multi interface) rather than in
/// one blocking call, so the proxy can look at the answer's head before deciding whether to hold
/// its body (to check it) or pass it on as it arrives (core/proxy/upstream.hpp). The transfer runs
/// on the calling thread's connection cache: keep-alive to the upstream lasts across exchanges.
/// A Transfer belongs to one thread (the worker serving the client) from start to end.
#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/mock/exchange.hpp"
#include "core/net/curl_handle.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

class Transfer {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts the request: `header_lines` as libcurl takes them ("Name: value", "Name:" to drop one
  /// of its own); the body is copied (the transfer may outlive the caller's request).
  Transfer(const mock::MockRequest& request, const std::string& url, std::vector<std::string> header_lines,
           bool insecure, const std::string& cacert);
  ~Transfer();  ///< an unfinished transfer is abandoned (its connection is not reused)
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// Moves the transfer on: waits for the upstream until `until` at most, and returns early when
  /// something arrived. Call again while !finished().
  void step(Clock::time_point until);

  bool head_complete() const { return head_complete_; }  ///< the final status line and headers are in
  bool finished() const { return finished_; }
  /// Once finished: nothing when the exchange succeeded, else why it failed (worded for the URL).
  std::optional<Error> failure() const;
  std::string shown_url() const;  ///< the URL as messages show it (credentials masked)

  int status() const { return status_; }
  /// The final answer's end-to-end headers (take_header_line's choice), Content-Length aside.
  mock::HeaderList& headers() { return headers_; }
  std::optional<std::uint64_t> content_length() const { return content_length_; }
  /// Body bytes received and not yet taken.
  std::string take_body();
  bool has_body() const { return !body_.empty(); }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);

  CURL* easy_ = nullptr;
  net::EasyHandle owned_;  ///< set when the thread's handle was busy (never in practice)
  bool borrowed_ = false;  ///< easy_ is the thread's handle, marked busy until the destructor
  std::string url_;
  std::string request_body_;
  net::Slist header_list_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  bool added_ = false;
  bool head_complete_ = false;
  bool finished_ = false;
  CURLcode result_ = CURLE_OK;
  int status_ = 0;
  mock::HeaderList headers_;
  std::optional<std::uint64_t> content_length_;
  std::string body_;
};

}  // namespace sonde::proxy
