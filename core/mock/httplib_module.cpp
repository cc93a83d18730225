// The mock's HTTP(S) server on cpp-httplib, built as the module sonde-mock-http.so (see
// http_backend.hpp); the only file (with the two module-only headers it includes) that includes
// httplib.h. It uses nothing from sonde_core but inline code, so the module needs no symbols from
// the executable.
#include <httplib.h>
#include <strings.h>
#include <sys/resource.h>

#include <algorithm>
#include <limits>
#include <type_traits>

#include "core/mock/h2c_session.hpp"
#include "core/mock/http_backend.hpp"
#include "core/mock/httplib_connection.hpp"
#include "core/mock/httplib_pool.hpp"

namespace sonde::mock {
namespace {

using connection::Clock;
using connection::Connection;
using connection::ElasticPool;

// The largest request body the server holds whole (httplib's payload limit, and the connection's
// for chunked bodies). 64 MiB, net::k_max_kept_body in the core, which the module cannot include.
constexpr std::size_t k_held_body = std::size_t{64} << 20;

// How long a request body nobody reads is still taken (and dropped) before the answer is sent.
constexpr auto k_discard_time = std::chrono::seconds(5);

// The connection being served on this thread (one thread serves a connection from start to end),
// so that a handler can ask for it to be closed after its response.
Connection*& current_connection() {
  thread_local Connection* current = nullptr;
  return current;
}

// What the response being written on this thread did not carry, for the post-routing hook to
// take back what httplib adds on its own: a Content-Type (text/plain) and, to a HEAD, Accept-Ranges
// (the mock serves no ranges; through the proxy the upstream's answer says what it does).
struct Untold {
  bool content_type = false;
  bool accept_ranges = false;
};

Untold& untold() {
  thread_local Untold facts;
  return facts;
}

// Headers taken away from httplib while it reads a request body, given back by to_mock_request.
// httplib reads a multipart/form-data body into Request::files and leaves Request::body empty (and
// its parser's view of the parts is not the bytes the client sent); it decompresses a body with a
// Content-Encoding and leaves the header on. The mock's checks read a multipart body themselves,
// and the proxy forwards every body unchanged. The pre-routing hook runs before the body is read.
// Per thread: one thread serves a request from its head to its response.
HeaderList& hidden_headers() {
  thread_local HeaderList headers;
  return headers;
}

void hide(const httplib::Request& req, const char* name) {
  // httplib's own Request, handed to the hook as const; nothing has read the body yet.
  auto& headers = const_cast<httplib::Request&>(req).headers;
  auto [first, last] = headers.equal_range(name);
  for (auto it = first; it != last; ++it) hidden_headers().emplace_back(name, it->second);
  headers.erase(first, last);
}

void hide_body_headers(const httplib::Request& req, bool raw_bodies) {
  hidden_headers().clear();
  if (req.is_multipart_form_data()) hide(req, "Content-Type");
  if (raw_bodies) hide(req, "Content-Encoding");
}

void close_after_response(httplib::Response& res) {
  res.set_header("Connection", "close");
  if (current_connection() != nullptr) current_connection()->close_requested = true;
}

// Problem bodies written here (the module has no JSON library); the texts are fixed, never the
// client's bytes or an exception's message.
std::string problem_body(int status, std::string_view title, std::string_view detail) {
  return std::string(R"({"type":"about:blank","title":")") + std::string(title) + R"(","status":)" +
         std::to_string(status) + R"(,"detail":")" + std::string(detail) + "\"}\n";
}

std::string raw_response(int status, std::string_view title, std::string_view detail) {
  std::string body = problem_body(status, title, detail);
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(title) +
         "\r\nContent-Type: application/problem+json\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// RFC 9112 section 6.3: a message with both Transfer-Encoding and Content-Length (or with
// Content-Length values that disagree) has no trustworthy end. A server in front of the mock may
// read it one way and the mock another (request smuggling), so it is refused and the connection,
// whose remaining bytes mean nothing, is closed.
std::optional<std::string_view> framing_problem(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding") && req.has_header("Content-Length")) {
    return "a request with both Transfer-Encoding and Content-Length is ambiguous (RFC 9112 section 6.3)";
  }
  std::size_t lengths = req.get_header_value_count("Content-Length");
  for (std::size_t i = 1; i < lengths; ++i) {
    if (req.get_header_value("Content-Length", i) != req.get_header_value("Content-Length", 0)) {
      return "Content-Length values disagree (RFC 9112 section 6.3)";
    }
  }
  return std::nullopt;
}

MockRequest to_mock_request(const httplib::Request& req) {
  MockRequest out;
  const Connection* conn = current_connection();
  out.method = conn != nullptr && !conn->unknown_method().empty() ? conn->unknown_method() : req.method;
  out.target = req.target.empty() ? req.path : req.target;
  for (const auto& [name, value] : req.headers) {
    // httplib adds these for its own bookkeeping; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
    out.headers.emplace_back(name, value);
  }
  out.headers.insert(out.headers.end(), hidden_headers().begin(), hidden_headers().end());
  out.body = req.body;
  return out;
}

// httplib's content providers always write the Content-Type they are given; they are given "" and
// that empty field is dropped here (the response's own, if any, is among its headers).
void drop_empty_content_type(httplib::Response& res) {
  auto [first, last] = res.headers.equal_range("Content-Type");
  while (first != last) first = first->second.empty() ? res.headers.erase(first) : std::next(first);
}

// A body pulled as it arrives: with the announced length when there is one (httplib then sends
// Content-Length), chunked otherwise. Each part leaves at once — Connection gathers writes until a
// response is complete, and an event stream's events must not wait for the end. httplib stops
// pulling when the server stops; a stream that fails makes httplib drop the connection, so the
// client sees a truncated body, never a complete-looking short one.
void write_stream(const std::shared_ptr<BodyStream>& stream, httplib::Response& res) {
  auto pull = [stream](httplib::DataSink& sink, bool chunked) {
    std::string part;
    const BodyStream::Pull pulled = stream->next(part);
    if (!part.empty()) {
      if (!sink.write(part.data(), part.size())) return false;
      if (current_connection() != nullptr && !current_connection()->flush()) return false;
    }
    if (pulled == BodyStream::Pull::failed) return false;
    if (pulled == BodyStream::Pull::done) {
      if (!chunked) return false;  // ended before its announced length (the sink has no done())
      sink.done();
    }
    return true;
  };
  if (auto length = stream->length()) {
    res.set_content_provider(static_cast<std::size_t>(*length), "",
                             [pull](std::size_t, std::size_t, httplib::DataSink& sink) { return pull(sink, false); });
  } else {
    res.set_chunked_content_provider("", [pull](std::size_t, httplib::DataSink& sink) { return pull(sink, true); });
  }
  drop_empty_content_type(res);
}

void write_response(const MockResponse& response, httplib::Response& res) {
  res.status = response.status;
  auto carries = [&](const char* name) {
    return std::any_of(response.headers.begin(), response.headers.end(),
                       [name](const auto& h) { return ::strcasecmp(h.first.c_str(), name) == 0; });
  };
  untold() = {!carries("Content-Type"), !carries("Accept-Ranges")};
  if (response.close) close_after_response(res);
  // No Content-Type is sent unless the response has one: the proxy forwards an upstream's answer
  // as it came, and httplib's setters would always write one.
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  if (response.stream) {
    write_stream(response.stream, res);
    return;
  }
  if (!response.reset) {
    res.body = response.body;  // httplib adds the Content-Length
    return;
  }
  // Drop the connection mid-response: announce the full length, send half, then fail the sink so
  // httplib closes the socket. The client sees a truncated body.
  auto body = std::make_shared<std::string>(response.body.empty() ? std::string(64, ' ') : response.body);
  res.set_content_provider(body->size(), "", [body](size_t offset, size_t, httplib::DataSink& sink) {
    if (offset == 0) sink.write(body->data(), body->size() / 2);
    return false;
  });
  drop_empty_content_type(res);
}

class Backlog {
 public:
  virtual ~Backlog() = default;
  /// httplib listens with a backlog of 5; a burst of clients should wait in the kernel's queue,
  /// not have their SYNs dropped and retried a second later.
  virtual void widen_backlog() = 0;
};

// httplib's Server (or SSLServer) with its connection loop replaced: the same process_request()
// per request, but on a Connection with deadlines, and the head timeout answered with 408.
template <class Base>
class GuardedServer final : public Base, public Backlog {
 public:
  template <class... Args>
  explicit GuardedServer(connection::Limits limits, Args&&... args)
      : Base(std::forward<Args>(args)...), limits_(limits) {}

  void widen_backlog() override { ::listen(this->svr_sock_, SOMAXCONN); }

  /// Set: a connection that opens with the HTTP/2 preface is served as h2c (plain servers only).
  std::shared_ptr<const RequestHandler> h2c_handler;
  bool h2c_streams_bodies = false;  ///< ServerOptions::stream_request_bodies, over h2c too

 private:
  bool process_and_close_socket(::socket_t sock) override {
    Connection conn(sock, limits_, this->svr_sock_);
    if (ElasticPool::refusing()) {
      // Before a TLS handshake there is no way to say why: the connection is simply closed.
      if constexpr (!std::is_base_of_v<httplib::SSLServer, Base>) {
        conn.send_raw(raw_response(503, "Service Unavailable", "the mock is serving as many connections as it can"));
      }
      return false;
    }
    current_connection() = &conn;
    bool ok = serve(conn);
    current_connection() = nullptr;
    conn.close(ok);
    return ok;
  }

  bool serve(Connection& conn) {
    const auto accepted = Clock::now();
    if constexpr (std::is_base_of_v<httplib::SSLServer, Base>) {
      if (!conn.start_tls(this->ssl_context(), accepted + limits_.head_timeout)) return false;
    }
    if constexpr (!std::is_base_of_v<httplib::SSLServer, Base>) {
      if (h2c_handler && conn.wait_for_request(accepted + limits_.head_timeout) &&
          conn.starts_with_h2_preface(accepted + limits_.head_timeout)) {
        h2c::Settings settings;
        settings.idle_timeout = std::chrono::seconds(this->keep_alive_timeout_sec_);
        // The longest wait for a stream's next bytes: a streamed body's whole time is unbounded
        // (limits_.body_timeout), each wait in it is not.
        settings.request_timeout = std::min(limits_.body_timeout, std::chrono::milliseconds(30000));
        settings.stream_request_bodies = h2c_streams_bodies;
        settings.body_read_timeout = limits_.read_timeout;
        h2c::Session session(conn, *h2c_handler, settings);
        return session.serve();
      }
    }
    bool ok = true;
    for (std::size_t left = this->keep_alive_max_count_; left > 0 && this->svr_sock_ != INVALID_SOCKET; --left) {
      bool first = left == this->keep_alive_max_count_;
      auto idle_until = first ? accepted + limits_.head_timeout
                              : Clock::now() + std::chrono::seconds(this->keep_alive_timeout_sec_);
      if (!conn.wait_for_request(idle_until)) break;
      conn.begin_request(first ? accepted : Clock::now());
      bool closed = false;
      ok = this->process_request(conn, left == 1, closed, nullptr);
      // The response is complete: what write() gathered leaves now, in one piece.
      if (!conn.flush()) ok = false;
      if (conn.failure() == Connection::Failure::timeout) {
        conn.send_raw(raw_response(408, "Request Timeout", "the request did not arrive in time"));
        return false;
      }
      if (conn.failure() == Connection::Failure::head_too_large) {
        conn.send_raw(raw_response(431, "Request Header Fields Too Large", "the request head exceeds 64 KiB"));
        return false;
      }
      if (conn.failure() == Connection::Failure::body_too_large) {
        conn.send_raw(raw_response(413, "Content Too Large", "the request body exceeds 64 MiB"));
        return false;
      }
      if (!ok || closed || conn.close_requested) break;
    }
    return ok;
  }

  connection::Limits limits_;
};

// Each connection holds a descriptor: raise the soft open-file limit toward what max_connections
// needs, and serve fewer connections when the hard limit is lower.
std::size_t connection_limit(const ServerOptions& options) {
  constexpr rlim_t k_spare = 64;  // the spec, the log, the listening socket, libraries
  auto wanted = static_cast<rlim_t>(std::max(1, options.max_connections)) + k_spare;
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) return static_cast<std::size_t>(std::max(1, options.max_connections));
  if (files.rlim_cur < wanted) {
    files.rlim_cur = std::min(wanted, files.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &files);
    ::getrlimit(RLIMIT_NOFILE, &files);
  }
  rlim_t usable = files.rlim_cur > 2 * k_spare ? files.rlim_cur - k_spare : k_spare;
  return static_cast<std::size_t>(std::min(usable, wanted - k_spare));
}

class HttplibBackend final : public HttpBackend {
 public:
  template <class Base>
  HttplibBackend(std::unique_ptr<GuardedServer<Base>> server, std::string scheme)
      : backlog_(server.get()), server_(std::move(server)), scheme_(std::move(scheme)) {}
  int port() const override { return port_; }
  std::string scheme() const override { return scheme_; }
  bool serve() override {
    try {
      return server_->listen_after_bind();
    } catch (...) {  // never into sonde's runtime (the seam's note below)
      return false;
    }
  }
  void stop() override { server_->stop(); }

  Result<void> bind(const ServerOptions& options, RequestHandler handler) {
    std::size_t ready = static_cast<std::size_t>(std::max(1, options.threads));
    std::size_t most = connection_limit(options);
    server_->new_task_queue = [ready, most] { return new ElasticPool(ready, most); };
    // Headers and body leave in separate writes; without TCP_NODELAY, Nagle holds the body back
    // until the client's delayed ACK (~40 ms) and a keep-alive connection crawls.
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_max_count(10000);
    server_->set_keep_alive_timeout(5);
    // Streamed bodies may be any size (the connection's limits say so too); held ones stop at 64 MiB.
    server_->set_payload_max_length(options.stream_request_bodies ? std::numeric_limits<std::size_t>::max() : k_held_body);
    // Every path goes through the mock; httplib's router only delivers requests (with their bodies
    // read, which its pre-routing hook would not wait for). HEAD arrives through the GET handler.
    auto answer = [handler = std::move(handler), compress = options.compress](
                      const httplib::Request& req, const MockRequest& request, httplib::Response& res) {
      MockResponse response = handler(request);
      // httplib compresses whenever the client accepts it, even a body that already carries a
      // Content-Encoding (an upstream's gzip through the proxy came out gzipped twice). Its only
      // switch is the request's Accept-Encoding, which it reads after this handler; the Request
      // object is httplib's own non-const one, handed over as const.
      const bool encoded = std::any_of(response.headers.begin(), response.headers.end(),
                                       [](const auto& h) { return ::strcasecmp(h.first.c_str(), "Content-Encoding") == 0; });
      if (!compress || encoded) const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
      write_response(response, res);
    };
    auto serve_one = [answer](const httplib::Request& req, httplib::Response& res) {
      answer(req, to_mock_request(req), res);
    };
    server_->set_pre_routing_handler([serve_one, raw = options.raw_request_bodies,
                                      streams = options.stream_request_bodies](const httplib::Request& req,
                                                                               httplib::Response& res) {
      untold() = {};  // until write_response says otherwise for this request
      hide_body_headers(req, raw);
      // Only POST, PUT, PATCH and DELETE bodies can be streamed (httplib's content readers); a body
      // on another method is held, so it keeps the held limit.
      const bool streamable = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE";
      if (streams && !streamable && current_connection() != nullptr) current_connection()->limit_body(k_held_body);
      if (auto problem = framing_problem(req)) {
        res.status = 400;
        res.set_content(problem_body(400, "Bad Request", *problem), "application/problem+json");
        close_after_response(res);  // the body was not read: what follows on the connection is unknown
        return httplib::Server::HandlerResponse::Handled;
      }
      // httplib's router answers the methods it has no route kind for (CONNECT, TRACE) with a bare
      // 400; they go to the handler instead, which knows what to say (the mock a 405, the proxy
      // that it does not tunnel). Their bodies are not read, so the connection closes after.
      if (req.method == "CONNECT" || req.method == "TRACE") {
        serve_one(req, res);
        close_after_response(res);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // Last resort (the handler catches what the mock throws): never httplib's EXCEPTION_WHAT
    // header with internal text.
    server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      res = httplib::Response();
      res.status = 500;
      res.set_content(problem_body(500, "Internal Server Error", "the mock could not answer this request"),
                      "application/problem+json");
      close_after_response(res);
    });
    // httplib announces keep-alive unless the client asked to close; not when the mock closes.
    server_->set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.get_header_value("Connection") == "close") res.headers.erase("Keep-Alive");
      // httplib types every untyped body text/plain before this hook; an answer sent without a
      // Content-Type (an upstream's, through the proxy) leaves without one.
      if (untold().content_type) res.headers.erase("Content-Type");
      if (untold().accept_ranges) res.headers.erase("Accept-Ranges");
    });
    const std::string everything = ".*";
    server_->Get(everything, serve_one);
    server_->Post(everything, serve_one);
    server_->Put(everything, serve_one);
    server_->Patch(everything, serve_one);
    server_->Delete(everything, serve_one);
    server_->Options(everything, serve_one);
    if (options.stream_request_bodies) {
      // A request with a body reaches these first (httplib has not read it): the handler reads it.
      auto serve_unread = [answer](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) {
        MockRequest request = to_mock_request(req);
        bool asked = false;
        bool whole = false;
        // A client still sending a body nobody wants (refused, or the upstream answered early) is
        // let finish, within bounds, before the answer: most clients read no answer until they
        // have sent everything, and would see a broken pipe instead of it (nginx's lingering close).
        Clock::time_point discard_until{};
        auto discarding = [&discard_until](std::size_t) {
          if (discard_until == Clock::time_point{}) discard_until = Clock::now() + k_discard_time;
          return Clock::now() < discard_until;
        };
        // Called from sonde's side: nothing thrown here may cross back (see the seam's note below).
        request.read_body = [&](const BodySink& sink) noexcept {
          if (asked) return false;
          asked = true;
          bool stopped = false;
          try {
            const bool read = reader([&](const char* data, std::size_t size) {
              if (!stopped && sink(std::string_view(data, size))) return true;
              stopped = true;
              return discarding(size);
            });
            whole = read && !stopped;
          } catch (...) {
            whole = false;  // the connection closes after the answer
          }
          return whole;
        };
        answer(req, request, res);
        if (!asked) reader([&](const char*, std::size_t size) { return discarding(size); });
        // What is left of a body not read whole would be taken for the next request.
        if (!whole) close_after_response(res);
      };
      server_->Post(everything, serve_unread);
      server_->Put(everything, serve_unread);
      server_->Patch(everything, serve_unread);
      server_->Delete(everything, serve_unread);
    }
    port_ = options.port;
    if (port_ == 0) {
      port_ = server_->bind_to_any_port(options.host);
      if (port_ <= 0) port_ = -1;
    } else if (!server_->bind_to_port(options.host, port_)) {
      port_ = -1;
    }
    if (port_ < 0) {
      return fail(ErrorKind::runtime, "cannot listen (address in use, or not an address of this machine)",
                  options.host + ":" + std::to_string(options.port));
    }
    backlog_->widen_backlog();
    return {};
  }

 private:
  Backlog* backlog_;
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
};

Result<std::unique_ptr<HttpBackend>> bind_backend(const ServerOptions& options, RequestHandler handler) {
  // One handler object behind both protocols (its state is shared, never copied).
  auto shared = std::make_shared<const RequestHandler>(std::move(handler));
  handler = [shared](const MockRequest& request) { return (*shared)(request); };
  connection::Limits limits;
  limits.head_timeout = options.head_timeout;
  limits.body_timeout = options.body_timeout;
  if (options.stream_request_bodies) {
    // A large upload passed on as it comes may take as long as it needs while bytes keep coming
    // (each read still waits at most read_timeout); the handler bounds what it holds.
    limits.body_timeout = std::chrono::hours(24 * 365);
    limits.max_body = std::numeric_limits<std::size_t>::max();
  }
  std::unique_ptr<HttplibBackend> backend;
  if (!options.cert_file.empty()) {
    auto tls = std::make_unique<GuardedServer<httplib::SSLServer>>(limits, options.cert_file.c_str(),
                                                                   options.key_file.c_str());
    if (!tls->is_valid()) {
      return fail(ErrorKind::invalid_input, "cannot load the TLS certificate or key",
                  options.cert_file + ", " + options.key_file);
    }
    backend = std::make_unique<HttplibBackend>(std::move(tls), "https");
  } else {
    auto plain = std::make_unique<GuardedServer<httplib::Server>>(limits);
    plain->h2c_handler = shared;
    plain->h2c_streams_bodies = options.stream_request_bodies;
    backend = std::make_unique<HttplibBackend>(std::move(plain), "http");
  }
  if (auto bound = backend->bind(options, std::move(handler)); !bound) return std::unexpected(bound.error());
  return std::unique_ptr<HttpBackend>(std::move(backend));
}

// A client connection that opened with the HTTP/2 preface, accepted by the proxy's event loop
// (core/proxy/proxy_server.hpp), served here as the plain server serves h2c, until it ends or
// `serving` turns invalid. `bytes`: what the loop read of it already.
bool serve_h2c(int fd, std::string_view bytes, const RequestHandler& handler, const std::atomic<int>& serving) {
  connection::Limits limits;
  // The proxy streams request bodies: each wait is bounded, not the whole body.
  limits.body_timeout = std::chrono::hours(24 * 365);
  limits.max_body = std::numeric_limits<std::size_t>::max();
  Connection conn(fd, limits, serving);
  if (!conn.preload(bytes)) return false;
  h2c::Settings settings;
  settings.idle_timeout = std::chrono::seconds(5);
  settings.request_timeout = std::chrono::milliseconds(30000);
  settings.stream_request_bodies = true;
  settings.body_read_timeout = limits.read_timeout;
  h2c::Session session(conn, handler, settings);
  const bool ok = session.serve();
  conn.close(ok);
  return ok;
}

}  // namespace
}  // namespace sonde::mock

// extern "C" only for an unmangled name to look up with dlsym; the caller is C++ of the same
// build (the ABI tag below checks it), so returning a C++ type is fine. sonde links its own copy
// of the C++ runtime and this module the shared one: no exception may cross between them, so
// every entry point and every function handed to sonde catches what it could throw, and sonde's
// side does the same for what it hands here (core/mock/http_server.hpp).
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wreturn-type-c-linkage"
#endif

extern "C" {

// Checked by the loader: the seam passes C++ types, so only a module from the same build fits.
const char* sonde_mock_http_abi() {
  static const std::string tag = sonde::mock::backend_abi_tag();
  return tag.c_str();
}

sonde::Result<std::unique_ptr<sonde::mock::HttpBackend>> sonde_mock_http_bind(const sonde::mock::ServerOptions& options,
                                                                              sonde::mock::RequestHandler handler) {
  using namespace sonde;
  using namespace sonde::mock;
  try {
    return sonde::mock::bind_backend(options, std::move(handler));
  } catch (const std::exception& e) {
    return fail(ErrorKind::runtime, std::string("cannot start the mock's HTTP server: ") + e.what());
  } catch (...) {
    return fail(ErrorKind::runtime, "cannot start the mock's HTTP server");
  }
}

bool sonde_mock_http_serve_h2c(int fd, std::string_view bytes, const sonde::mock::RequestHandler& handler,
                               const std::atomic<int>& serving) {
  try {
    return sonde::mock::serve_h2c(fd, bytes, handler, serving);
  } catch (...) {  // the connection, closed by its owner as the exception left, is over
    return false;
  }
}

}  // extern "C"
