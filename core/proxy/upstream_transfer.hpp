#pragma once
/// One exchange with the upstream, driven step by step (libcurl's multi interface) rather than in
/// one blocking call, so the proxy can look at the answer's head before deciding whether to hold
/// its body (to check it) or pass it on as it arrives (core/proxy/upstream.hpp). The transfer runs
/// on the calling thread's connection cache: keep-alive to the upstream lasts across exchanges.
/// A Transfer belongs to one thread (the worker serving the client) from start to end.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mock/exchange.hpp"
#include "core/net/curl_handle.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

/// A request body sent while it still arrives: fed part by part (Transfer::feed), with the length
/// the client announced, or chunked when it announced none.
struct StreamedUpload {
  std::optional<std::uint64_t> length;
};

/// A streamed upload's bytes on their way from the client to libcurl's read callback: what was
/// fed and not yet taken, whether the body has ended, whether libcurl is paused waiting for more.
class UploadBuffer {
 public:
  std::size_t pending() const { return data_.size() - taken_; }
  void feed(std::string_view part);
  void end() { ended_ = true; }
  /// For CURLOPT_READFUNCTION: up to `room` bytes into `out`; 0 at the body's end;
  /// CURL_READFUNC_PAUSE when nothing was fed yet (then paused() until resumed()).
  std::size_t read(char* out, std::size_t room);
  bool paused() const { return paused_; }
  void resumed() { paused_ = false; }
  /// For a client of its own: the bytes pending, and how many of them were taken.
  std::string_view pending_bytes() const { return std::string_view(data_).substr(taken_); }
  void take(std::size_t n) { taken_ += std::min(n, pending()); }
  bool ended() const { return ended_; }

 private:
  std::string data_;
  std::size_t taken_ = 0;
  bool ended_ = false;
  bool paused_ = false;
};

/// The upstream's answer head as libcurl hands it over, line by line (a 1xx answer, then the
/// final one: the last status line wins).
struct AnswerHead {
  int status = 0;
  mock::HeaderList headers;  ///< end-to-end headers (take_header_line's choice), Content-Length aside
  std::optional<std::uint64_t> content_length;
  bool complete = false;  ///< the final status line and headers are in
  void take(std::string_view line);
};

/// Sets an easy handle up to forward `request` to `url` (both must outlive the transfer, as
/// must `header_list`, `body` and `error_buffer`): method, headers as given, the body (`body`,
/// or read from CURLOPT_READFUNCTION as it comes when `streamed`), verification, no signals, no
/// User-Agent of libcurl's own. The callbacks are the caller's to set.
void set_forward_options(CURL* h, const mock::MockRequest& request, const std::string& url, curl_slist* header_list,
                         std::string_view body, bool insecure, const std::string& cacert,
                         const std::optional<StreamedUpload>& streamed, char* error_buffer);

class Transfer {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts the request: `header_lines` as libcurl takes them ("Name: value", "Name:" to drop one
  /// of its own). The body is `request.body`, copied (the transfer may outlive the caller's
  /// request), unless `streamed`: then it is what feed() hands over until end_upload().
  Transfer(const mock::MockRequest& request, const std::string& url, std::vector<std::string> header_lines,
           bool insecure, const std::string& cacert, std::optional<StreamedUpload> streamed = std::nullopt);
  ~Transfer();  ///< an unfinished transfer is abandoned (its connection is not reused)
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// Moves the transfer on: waits for the upstream until `until` at most, and returns early when
  /// something arrived. Call again while !finished().
  void step(Clock::time_point until);

  bool head_complete() const { return head_.complete; }  ///< the final status line and headers are in
  bool finished() const { return finished_; }
  /// Once finished: nothing when the exchange succeeded, else why it failed (worded for the URL).
  std::optional<Error> failure() const;
  std::string shown_url() const;  ///< the URL as messages show it (credentials masked)

  int status() const { return head_.status; }
  /// The final answer's end-to-end headers (take_header_line's choice), Content-Length aside.
  mock::HeaderList& headers() { return head_.headers; }
  std::optional<std::uint64_t> content_length() const { return head_.content_length; }
  /// Body bytes received and not yet taken.
  std::string take_body();
  bool has_body() const { return !body_.empty(); }

  /// A streamed upload's next part; libcurl takes it as step() moves the transfer on.
  void feed(std::string_view part);
  /// A streamed upload is complete: libcurl ends the body once it has sent what was fed.
  void end_upload();
  /// Everything fed has been handed to libcurl (so feeding may go on without holding more).
  bool upload_drained() const { return upload_.pending() == 0; }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_upload(char* buffer, std::size_t size, std::size_t count, void* self);
  void resume_upload();
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);

  CURL* easy_ = nullptr;
  net::EasyHandle owned_;  ///< set when the thread's handle was busy (never in practice)
  bool borrowed_ = false;  ///< easy_ is the thread's handle, marked busy until the destructor
  std::string url_;
  std::string request_body_;
  net::Slist header_list_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  bool added_ = false;
  bool finished_ = false;
  CURLcode result_ = CURLE_OK;
  AnswerHead head_;
  std::string body_;
  UploadBuffer upload_;
};

}  // namespace sonde::proxy
