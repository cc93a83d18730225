#include "core/proxy/upstream_transfer.hpp"

#include <algorithm>
#include <charconv>

#include "core/net/curl_error.hpp"
#include "core/proxy/upstream.hpp"
#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::proxy {

namespace {

// Per worker thread: one multi handle (its connection cache keeps the upstream's connections alive
// between exchanges) and one easy handle, reused so its settings' allocations are too.
struct ThreadHandles {
  net::MultiHandle multi = net::make_multi();
  net::EasyHandle easy = net::make_easy();
  bool easy_busy = false;
};

ThreadHandles& thread_handles() {
  thread_local ThreadHandles handles;
  return handles;
}

// "HTTP/1.1 200 OK" -> 200; 0 when the line is not a status line.
int status_of(std::string_view line) {
  if (!line.starts_with("HTTP/")) return 0;
  auto space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  int status = 0;
  auto digits = line.substr(space + 1, 3);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), status);
  return ec == std::errc() && end == digits.data() + digits.size() ? status : 0;
}

}  // namespace

void set_forward_options(CURL* h, const mock::MockRequest& request, const std::string& url, curl_slist* header_list,
                         std::string_view body, bool insecure, const std::string& cacert,
                         const std::optional<StreamedUpload>& streamed, char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  // The target as the client sent it: dot segments are the upstream's to resolve (or refuse), as
  // the proxy's own client leaves them.
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // Through an outgoing proxy (https_proxy), the tunnel's "200 Connection established" is not the answer.
  curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, nullptr);  // the client's own User-Agent, or none
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
  if (!cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, cacert.c_str());
  const bool head = request.method == "HEAD";
  if (head) {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (streamed) {
    // Read as it is fed; no length: chunked (libcurl adds Transfer-Encoding).
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                     streamed->length ? static_cast<curl_off_t>(*streamed->length) : curl_off_t{-1});
  } else if (!body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    // Never null: a null POSTFIELDS makes libcurl read the body from its read callback (stdin).
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data() != nullptr ? body.data() : "");
  }
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, head ? nullptr : request.method.c_str());
}

void AnswerHead::take(std::string_view line) {
  if (int code = status_of(line); code != 0) {
    status = code;  // a 1xx answer, then the final one: the last status line wins
    content_length.reset();
  } else if (line == "\r\n" || line == "\n") {
    if (status >= 200) complete = true;  // after a 1xx's blank line, more follows
  } else if (auto colon = line.find(':'); colon != std::string_view::npos &&
                                          iequals_ascii(line.substr(0, colon), "Content-Length")) {
    std::string_view value = trim(line.substr(colon + 1));
    std::uint64_t length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc() && end == value.data() + value.size()) content_length = length;
  }
  take_header_line(line, headers);
}

Transfer::Transfer(const mock::MockRequest& request, const std::string& url, std::vector<std::string> header_lines,
                   bool insecure, const std::string& cacert, std::optional<StreamedUpload> streamed)
    : url_(url), request_body_(request.body), header_list_(net::make_slist(header_lines)) {
  ThreadHandles& handles = thread_handles();
  if (!handles.easy_busy) {
    easy_ = handles.easy.get();
    handles.easy_busy = borrowed_ = true;
  } else {
    owned_ = net::make_easy();
    easy_ = owned_.get();
  }
  CURL* h = easy_;
  curl_easy_reset(h);
  set_forward_options(h, request, url_, header_list_.get(), request_body_, insecure, cacert, streamed, error_buffer_);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
  if (streamed) {
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, this);
  }
  if (curl_multi_add_handle(handles.multi.get(), h) != CURLM_OK) {
    finished_ = true;
    result_ = CURLE_FAILED_INIT;
    return;
  }
  added_ = true;
}

Transfer::~Transfer() {
  ThreadHandles& handles = thread_handles();
  if (added_) curl_multi_remove_handle(handles.multi.get(), easy_);
  if (borrowed_) handles.easy_busy = false;
}

void Transfer::step(Clock::time_point until) {
  if (finished_) return;
  CURLM* multi = thread_handles().multi.get();
  const bool head_before = head_.complete;
  const bool drained_before = upload_drained();
  int running = 0;
  curl_multi_perform(multi, &running);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy_) {
      finished_ = true;
      result_ = msg->data.result;
    }
  }
  // Back to the caller as soon as there is something to look at.
  if (finished_ || !body_.empty() || head_.complete != head_before || (!drained_before && upload_drained())) return;
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
  if (wait <= 0) return;
  curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::min<long long>(wait, 1000)), nullptr);
}

std::optional<Error> Transfer::failure() const {
  if (!finished_ || result_ == CURLE_OK) return std::nullopt;
  return net::to_error(net::classify_transfer_error(result_, easy_, error_buffer_), shown_url());
}

std::string Transfer::shown_url() const { return Redactor().shown_url(url_); }

std::string Transfer::take_body() {
  std::string out;
  out.swap(body_);
  return out;
}

void UploadBuffer::feed(std::string_view part) {
  // What libcurl took goes before more is added: the buffer holds what is pending, not
  // everything ever fed (a long upload that never quite drains would otherwise grow with it).
  if (pending() == 0) {
    data_.clear();
    taken_ = 0;
  } else if (taken_ >= data_.size() / 2) {
    data_.erase(0, taken_);
    taken_ = 0;
  }
  data_.append(part);
}

std::size_t UploadBuffer::read(char* out, std::size_t room) {
  if (pending() == 0) {
    if (ended_) return 0;  // the end of the body
    paused_ = true;
    return CURL_READFUNC_PAUSE;
  }
  const std::size_t n = std::min(pending(), room);
  std::copy_n(data_.data() + taken_, n, out);
  taken_ += n;
  return n;
}

void Transfer::feed(std::string_view part) {
  upload_.feed(part);
  resume_upload();
}

void Transfer::end_upload() {
  upload_.end();
  resume_upload();
}

void Transfer::resume_upload() {
  if (!upload_.paused() || finished_) return;
  upload_.resumed();
  // May call on_upload at once; step() then moves what it took on.
  curl_easy_pause(easy_, CURLPAUSE_CONT);
}

std::size_t Transfer::on_upload(char* buffer, std::size_t size, std::size_t count, void* self) {
  return static_cast<Transfer*>(self)->upload_.read(buffer, size * count);
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  t->body_.append(data, size * count);
  return size * count;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  const std::size_t n = size * count;
  static_cast<Transfer*>(self)->head_.take(std::string_view(data, n));
  return n;
}

}  // namespace sonde::proxy
