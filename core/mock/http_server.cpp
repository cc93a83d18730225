#include "core/mock/http_server.hpp"

#include <httplib.h>

#include "core/mock/problem.hpp"

namespace sonde::mock {

struct HttpServer::Impl {
  std::unique_ptr<httplib::Server> server;
  std::shared_ptr<MockService> service;
  std::function<void(const RequestLog&)> log;
  std::string scheme = "http";
  std::string host;
};

namespace {

MockRequest to_mock_request(const httplib::Request& req) {
  MockRequest out;
  out.method = req.method;
  out.target = req.target.empty() ? req.path : req.target;
  for (const auto& [name, value] : req.headers) {
    // httplib adds these for its own bookkeeping; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
    out.headers.emplace_back(name, value);
  }
  out.body = req.body;
  return out;
}

void write_response(const MockResponse& response, httplib::Response& res) {
  res.status = response.status;
  std::string content_type = "application/json";
  for (const auto& [name, value] : response.headers) {
    if (name == "Content-Type") content_type = value;
    else res.set_header(name, value);
  }
  if (!response.reset) {
    if (!response.body.empty()) res.set_content(response.body, content_type);
    return;
  }
  // Drop the connection mid-response: announce the full length, send half, then fail the sink so
  // httplib closes the socket. The client sees a truncated body.
  auto body = std::make_shared<std::string>(response.body.empty() ? std::string(64, ' ') : response.body);
  res.set_content_provider(body->size(), content_type, [body](size_t offset, size_t, httplib::DataSink& sink) {
    if (offset == 0) sink.write(body->data(), body->size() / 2);
    return false;
  });
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::bind(std::shared_ptr<MockService> service, const ServerOptions& options,
                                                     std::function<void(const RequestLog&)> log) {
  auto impl = std::make_unique<Impl>();
  impl->service = std::move(service);
  impl->log = std::move(log);
  impl->host = options.host;
  if (!options.cert_file.empty() || !options.key_file.empty()) {
    if (options.cert_file.empty() || options.key_file.empty()) {
      return fail(ErrorKind::usage, "--cert and --key go together", {}, "give both to serve HTTPS");
    }
    auto tls = std::make_unique<httplib::SSLServer>(options.cert_file.c_str(), options.key_file.c_str());
    if (!tls->is_valid()) {
      return fail(ErrorKind::invalid_input, "cannot load the TLS certificate or key", options.cert_file + ", " + options.key_file);
    }
    impl->server = std::move(tls);
    impl->scheme = "https";
  } else {
    impl->server = std::make_unique<httplib::Server>();
  }
  int threads = std::max(1, options.threads);
  impl->server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Headers and body leave in separate writes; without TCP_NODELAY, Nagle holds the body back
  // until the client's delayed ACK (~40 ms) and a keep-alive connection crawls.
  impl->server->set_tcp_nodelay(true);
  impl->server->set_keep_alive_max_count(10000);
  impl->server->set_keep_alive_timeout(5);
  impl->server->set_payload_max_length(64u << 20);
  Impl* raw = impl.get();
  // Every path goes through the mock; httplib's router only delivers requests (with their bodies
  // read, which its pre-routing hook would not wait for). HEAD arrives through the GET handler.
  auto handler = [raw](const httplib::Request& req, httplib::Response& res) {
    auto started = std::chrono::steady_clock::now();
    MockResponse response = raw->service->handle(to_mock_request(req));
    write_response(response, res);
    if (raw->log) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      raw->log({req.method, req.target.empty() ? req.path : req.target, response.status, ms, response.operation,
                response.fault});
    }
  };
  const std::string everything = ".*";
  impl->server->Get(everything, handler);
  impl->server->Post(everything, handler);
  impl->server->Put(everything, handler);
  impl->server->Patch(everything, handler);
  impl->server->Delete(everything, handler);
  impl->server->Options(everything, handler);
  int port = options.port;
  if (port == 0) {
    port = impl->server->bind_to_any_port(options.host);
    if (port <= 0) port = -1;
  } else if (!impl->server->bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    return fail(ErrorKind::runtime, "cannot listen (address in use, or not an address of this machine)",
                options.host + ":" + std::to_string(options.port));
  }
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(impl)));
  server->port_ = port;
  return server;
}

std::string HttpServer::url() const {
  std::string host = impl_->host.find(':') != std::string::npos ? "[" + impl_->host + "]" : impl_->host;
  return impl_->scheme + "://" + host + ":" + std::to_string(port_);
}

bool HttpServer::serve() { return impl_->server->listen_after_bind(); }

void HttpServer::stop() { impl_->server->stop(); }

}  // namespace sonde::mock
