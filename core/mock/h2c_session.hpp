#pragma once
/// Module-only (included by httplib_module.cpp): HTTP/2 over cleartext with prior knowledge
/// (RFC 9113 section 3.3), for clients that open a connection with the HTTP/2 preface — what
/// `curl --http2-prior-knowledge` and gRPC-style clients do. nghttp2 does the framing, HPACK and
/// flow control; each request, once complete, goes to the same handler as an HTTP/1.1 one, and
/// its answer is sent on its stream. Requests on one connection are answered one after another
/// (each connection has its own worker thread, as for HTTP/1.1). With stream_request_bodies (the
/// proxy), a request with a body goes to the handler at its head, and the handler reads the body
/// as its DATA frames arrive (MockRequest::read_body), as over HTTP/1.1. Not supported: h2 over TLS
/// (ALPN), the HTTP/1.1 Upgrade to h2c, server push, and forward proxying (an h2 request has no
/// absolute-form target).
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/mock/http_backend.hpp"
#include "core/mock/httplib_connection.hpp"

namespace sonde::mock::h2c {

using connection::Clock;
using connection::Connection;

struct Settings {
  std::chrono::milliseconds idle_timeout{5000};    ///< no stream open: the connection closes after this
  std::chrono::milliseconds request_timeout{30000};  ///< a stream open: the longest wait for its next bytes
  std::size_t max_body = 64u << 20;                ///< a larger request body is answered 413
  /// Request bodies are handed to the handler as they arrive (MockRequest::read_body), any size;
  /// at most max_body of one is held while it waits for the handler to ask.
  bool stream_request_bodies = false;
  /// While a streamed body is read: the longest wait for its next bytes (HTTP/1.1's read_timeout).
  std::chrono::milliseconds body_read_timeout{5000};
};

class Session {
 public:
  Session(Connection& conn, const RequestHandler& handler, Settings settings)
      : conn_(conn), handler_(handler), settings_(settings) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() {
    if (session_ != nullptr) nghttp2_session_del(session_);
  }

  /// Serves the connection until the client leaves, the server stops, or the connection idles;
  /// false when it ended on an error.
  bool serve() {
    if (!start()) return false;
    std::array<char, 16 * 1024> buffer{};
    for (;;) {
      while (!ready_.empty()) {
        const std::int32_t id = ready_.front();
        ready_.pop_front();
        answer(id);
        if (broken_) return false;  // the connection failed while a body was being read
      }
      for (std::int32_t id : std::exchange(deferred_, {})) nghttp2_session_resume_data(session_, id);
      if (nghttp2_session_send(session_) != 0 || !conn_.flush()) return false;
      if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) return true;
      if (conn_.stopping()) {
        nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                              NGHTTP2_NO_ERROR, nullptr, 0);
        nghttp2_session_send(session_);
        conn_.flush();
        return true;
      }
      // A stream whose body is still coming paces the loop itself (a pull waits up to 250 ms):
      // input is only looked at in passing then.
      const auto wait = !deferred_.empty() ? std::chrono::milliseconds(1)
                        : streams_.empty() ? settings_.idle_timeout
                                           : settings_.request_timeout;
      ssize_t n = conn_.read_some(buffer.data(), buffer.size(), Clock::now() + wait);
      if (n == 0) return true;  // the client closed
      if (n < 0) {
        if (conn_.timed_out() && !deferred_.empty()) continue;
        return conn_.timed_out();  // idle or silent: closed without fuss
      }
      if (nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(buffer.data()),
                                   static_cast<std::size_t>(n)) < 0) {
        nghttp2_session_send(session_);  // nghttp2 queued a GOAWAY naming the protocol error
        conn_.flush();
        return false;
      }
    }
  }

 private:
  struct Stream {
    MockRequest request;
    std::string authority;
    bool too_large = false;
    MockResponse response;
    std::size_t sent = 0;  ///< of response.body
    std::string pending;   ///< pulled from response.stream, not yet sent
    // A request handed over at its head, its body read by the handler (stream_request_bodies):
    bool streamed = false;
    bool body_done = false;         ///< its END_STREAM arrived
    bool peer_gone = false;         ///< the client reset it while it was being answered
    std::string early;              ///< DATA that came before the handler asked for it
    bool early_overflow = false;    ///< more than max_body came before the handler asked
    const BodySink* sink = nullptr;  ///< while the handler reads the body
    bool sink_stopped = false;      ///< the handler wanted no more
    bool draining = false;          ///< the handler is done with the body: later DATA is dropped
  };

  bool start() {
    nghttp2_session_callbacks* callbacks = nullptr;
    if (nghttp2_session_callbacks_new(&callbacks) != 0) return false;
    nghttp2_session_callbacks_set_send_callback(callbacks, on_send);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_close);
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, on_frame_sent);
    // Flow control is ours: a stream's window reopens only as its bytes are taken (by the handler,
    // or held for it), so a client cannot send faster than a streamed body is passed on, and
    // what waits for a handler stays within one window per stream (nghttp2 would reopen it for
    // every DATA frame received, read or not).
    nghttp2_option* option = nullptr;
    if (nghttp2_option_new(&option) != 0) {
      nghttp2_session_callbacks_del(callbacks);
      return false;
    }
    nghttp2_option_set_no_auto_window_update(option, 1);
    const int made = nghttp2_session_server_new2(&session_, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    if (made != 0) return false;
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
    return nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1) == 0;
  }

  static Session& self(void* user) { return *static_cast<Session*>(user); }

  static ssize_t on_send(nghttp2_session*, const std::uint8_t* data, std::size_t length, int, void* user) {
    if (self(user).conn_.write(reinterpret_cast<const char*>(data), length) < 0) return NGHTTP2_ERR_CALLBACK_FAILURE;
    return static_cast<ssize_t>(length);
  }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      self(user).streams_[frame->hd.stream_id] = std::make_unique<Stream>();
    }
    return 0;
  }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                       const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
    Stream* s = self(user).find(frame->hd.stream_id);
    // A stream already gone; or trailers of a body being streamed, whose handler holds the
    // request (its header list must not grow under it).
    if (s == nullptr || s->streamed) return 0;
    std::string_view n(reinterpret_cast<const char*>(name), namelen);
    std::string v(reinterpret_cast<const char*>(value), valuelen);
    if (n == ":method") s->request.method = std::move(v);
    else if (n == ":path") s->request.target = std::move(v);
    else if (n == ":authority") s->authority = std::move(v);
    else if (n.starts_with(':')) return 0;  // :scheme
    else if (n == "cookie") append_cookie(s->request.headers, v);
    else s->request.headers.emplace_back(std::string(n), std::move(v));
    return 0;
  }

  // RFC 9113 section 8.2.3: cookie crumbs sent as separate fields are one header for HTTP/1.1.
  static void append_cookie(HeaderList& headers, const std::string& crumb) {
    for (auto& [name, value] : headers) {
      if (name == "cookie") {
        value += "; " + crumb;
        return;
      }
    }
    headers.emplace_back("cookie", crumb);
  }

  static int on_data(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                     std::size_t len, void* user) {
    Session& me = self(user);
    Stream* s = me.find(id);
    if (s == nullptr || !s->streamed || s->draining || s->sink_stopped || s->early_overflow) {
      nghttp2_session_consume(session, id, len);  // held whole below, or dropped: taken at once
    } else {
      // A streamed body: the connection's window reopens at once (other streams go on), this
      // stream's as the handler takes the bytes.
      nghttp2_session_consume_connection(session, len);
    }
    if (s == nullptr || s->too_large) return 0;
    if (s->streamed) {
      const std::string_view part(reinterpret_cast<const char*>(data), len);
      if (s->draining || s->sink_stopped || s->early_overflow) return 0;
      if (s->sink != nullptr) {
        bool more = false;
        try {
          more = (*s->sink)(part);
        } catch (...) {  // not through nghttp2's C frames: read_body rethrows it
          me.sink_failure_ = std::current_exception();
        }
        if (more) nghttp2_session_consume_stream(session, id, len);
        else s->sink_stopped = true;
      } else if (s->early.size() + len > me.settings_.max_body) {  // the client ignored its window
        s->early_overflow = true;
        s->early = std::string();
      } else {
        s->early.append(part);  // taken (its window reopened) when the handler asks
      }
      return 0;
    }
    if (s->request.body.size() + len > me.settings_.max_body) {
      s->too_large = true;
      s->request.body = std::string();
      return 0;
    }
    s->request.body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  static int on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    Session& me = self(user);
    Stream* s = me.find(frame->hd.stream_id);
    if (s == nullptr || (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA)) return 0;
    const bool ended = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    if (s->streamed) {
      if (ended) s->body_done = true;  // the last DATA, or trailers
    } else if (ended) {
      me.ready_.push_back(frame->hd.stream_id);
    } else if (me.settings_.stream_request_bodies && frame->hd.type == NGHTTP2_HEADERS &&
               frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      s->streamed = true;  // a body follows: answered now, read as it comes
      me.ready_.push_back(frame->hd.stream_id);
    }
    return 0;
  }

  // A response sent whole while its request's body is still coming: RFC 9113 section 8.1 lets the
  // server ask the client to stop sending it, without error.
  static int on_frame_sent(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
    if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) ||
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) {
      return 0;
    }
    Stream* s = self(user).find(frame->hd.stream_id);
    if (s != nullptr && s->streamed && !s->body_done) {
      nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_NO_ERROR);
    }
    return 0;
  }

  static int on_close(nghttp2_session*, std::int32_t id, std::uint32_t, void* user) {
    Session& me = self(user);
    if (id == me.answering_) {  // the handler still holds it: let go when it returns
      if (Stream* s = me.find(id)) s->peer_gone = true;
      return 0;
    }
    me.streams_.erase(id);
    std::erase(me.ready_, id);
    std::erase(me.deferred_, id);
    return 0;
  }

  Stream* find(std::int32_t id) {
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.get();
  }

  void answer(std::int32_t id) {
    Stream* s = find(id);
    if (s == nullptr) return;
    if (!s->authority.empty()) s->request.headers.emplace_back("host", s->authority);
    if (s->too_large) {
      s->response.status = 413;
      s->response.headers = {{"Content-Type", "application/problem+json"}};
      s->response.body = "{\"title\": \"Content Too Large\", \"status\": 413}\n";
    } else {
      bool asked = false;
      if (s->streamed) {
        // Called from sonde's side, whose C++ runtime is not this module's: nothing thrown while
        // reading (out of memory in a callback) may leave; the connection ends instead.
        s->request.read_body = [this, id, &asked](const BodySink& sink) noexcept {
          if (asked) return false;
          asked = true;
          try {
            return read_body(id, sink);
          } catch (...) {
            broken_ = true;
            return false;
          }
        };
      }
      answering_ = id;
      try {
        s->response = handler_(s->request);
      } catch (const std::exception&) {  // as the HTTP/1.1 path's last resort: a 500, never the text
        s->response = MockResponse{};
        s->response.status = 500;
        s->response.headers = {{"Content-Type", "application/problem+json"}};
        s->response.body = "{\"title\": \"Internal Server Error\", \"status\": 500}\n";
      }
      answering_ = 0;
      s->request.read_body = nullptr;
      s->draining = true;  // whatever of the body comes now is dropped
      if (!s->early.empty()) nghttp2_session_consume_stream(session_, id, s->early.size());
      s->early = std::string();
      if (s->peer_gone || broken_) {  // reset by the client while it was answered: nobody to answer
        streams_.erase(id);
        return;
      }
    }
    if (s->response.reset) {  // a fault: the stream is cut, as HTTP/1.1 drops the connection
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
      return;
    }
    std::vector<std::string> names, values;
    names.emplace_back(":status");
    values.push_back(std::to_string(s->response.status));
    std::optional<std::string> declared_length;  ///< a HEAD answer's (the GET body's), through the proxy
    for (const auto& [name, value] : s->response.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (lower == "content-length") {
        declared_length = value;
        continue;
      }
      // Connection-specific fields are malformed in HTTP/2 (RFC 9113 section 8.2.2).
      if (lower == "connection" || lower == "keep-alive" || lower == "proxy-connection" ||
          lower == "transfer-encoding" || lower == "upgrade") {
        continue;
      }
      names.push_back(std::move(lower));
      values.push_back(value);
    }
    const bool head = s->request.method == "HEAD";
    const bool no_body = head || s->response.status == 204 || s->response.status == 304;
    std::optional<std::string> length;
    if (head && declared_length) length = declared_length;
    else if (s->response.stream) length = s->response.stream->length().transform([](auto n) { return std::to_string(n); });
    else length = std::to_string(s->response.body.size());
    if (length && s->response.status != 204 && s->response.status != 304) {
      names.emplace_back("content-length");
      values.push_back(*length);
    }
    std::vector<nghttp2_nv> fields;
    for (std::size_t i = 0; i < names.size(); ++i) {
      fields.push_back({reinterpret_cast<std::uint8_t*>(names[i].data()), reinterpret_cast<std::uint8_t*>(values[i].data()),
                        names[i].size(), values[i].size(), NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider body{};
    body.source.ptr = s;
    body.read_callback = on_read_body;
    // The field texts are copied by nghttp2 before this returns.
    // response.close is not acted on: it keeps an HTTP/1.1 connection from reading an unread body
    // as the next request, which HTTP/2's framing rules out.
    nghttp2_submit_response(session_, id, fields.data(), fields.size(), no_body ? nullptr : &body);
  }

  static ssize_t on_read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length,
                              std::uint32_t* flags, nghttp2_data_source* source, void* user) {
    auto* s = static_cast<Stream*>(source->ptr);
    if (!s->response.stream) {
      const std::size_t n = std::min(length, s->response.body.size() - s->sent);
      std::memcpy(buf, s->response.body.data() + s->sent, n);
      s->sent += n;
      if (s->sent == s->response.body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(n);
    }
    BodyStream::Pull pulled = BodyStream::Pull::more;
    if (s->pending.empty()) pulled = s->response.stream->next(s->pending);
    if (pulled == BodyStream::Pull::failed) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // the stream is reset
    const std::size_t n = std::min(length, s->pending.size());
    std::memcpy(buf, s->pending.data(), n);
    s->pending.erase(0, n);
    if (pulled == BodyStream::Pull::done && s->pending.empty()) {
      *flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(n);
    }
    if (n == 0) {
      self(user).deferred_.push_back(id);  // nothing yet: asked again on the next turn of the loop
      return NGHTTP2_ERR_DEFERRED;
    }
    return static_cast<ssize_t>(n);
  }

  // MockRequest::read_body of stream `id`: its body to `sink` as its DATA frames arrive; true when
  // it came whole and the sink took all of it. Other streams go on meanwhile: their frames are
  // taken in passing, their streamed answers resumed; their requests wait for this one's answer.
  bool read_body(std::int32_t id, const BodySink& sink) {
    Stream* s = find(id);  // held while answering_ == id, even if the client resets it
    if (s == nullptr || s->early_overflow) return false;
    s->sink = &sink;
    if (!s->early.empty()) {
      const std::size_t held = s->early.size();
      if (sink(std::exchange(s->early, std::string()))) nghttp2_session_consume_stream(session_, id, held);
      else s->sink_stopped = true;
    }
    std::array<char, 16 * 1024> buffer{};
    while (!s->body_done && !s->sink_stopped && !s->peer_gone) {
      if (conn_.stopping()) break;  // answered and followed by GOAWAY in serve()
      for (std::int32_t waiting : std::exchange(deferred_, {})) nghttp2_session_resume_data(session_, waiting);
      // What is owed goes first: WINDOW_UPDATEs, without which the client stops sending.
      if (nghttp2_session_send(session_) != 0 || !conn_.flush() || !nghttp2_session_want_read(session_)) {
        broken_ = true;  // a write failed, or nghttp2 ended the session (GOAWAY queued)
        break;
      }
      const auto wait = deferred_.empty() ? settings_.body_read_timeout : std::chrono::milliseconds(1);
      ssize_t n = conn_.read_some(buffer.data(), buffer.size(), Clock::now() + wait);
      if (n < 0 && conn_.timed_out() && !deferred_.empty()) continue;
      if (n <= 0 || nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(buffer.data()),
                                             static_cast<std::size_t>(n)) < 0) {
        broken_ = true;  // closed, silent past the timeout, or a protocol error: the connection ends
        break;
      }
      if (sink_failure_) break;
    }
    s->sink = nullptr;
    if (sink_failure_) std::rethrow_exception(std::exchange(sink_failure_, nullptr));
    return s->body_done && !s->sink_stopped && !s->peer_gone && !broken_;
  }

  Connection& conn_;
  const RequestHandler& handler_;
  Settings settings_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, std::unique_ptr<Stream>> streams_;
  std::deque<std::int32_t> ready_;      ///< streams whose request is complete, not yet answered
  std::vector<std::int32_t> deferred_;  ///< streams waiting for their body to come
  std::int32_t answering_ = 0;          ///< the stream whose handler runs (0: none)
  bool broken_ = false;                 ///< the connection failed under a handler reading a body
  std::exception_ptr sink_failure_;     ///< thrown by a sink inside on_data, rethrown by read_body
};

}  // namespace sonde::mock::h2c
