// The mock's HTTP(S) server on cpp-httplib, built as the module sonde-mock-http.so (see
// http_backend.hpp); the only file that includes httplib.h. It uses nothing from sonde_core but
// inline code, so the module needs no symbols from the executable.
#include <httplib.h>

#include "core/mock/http_backend.hpp"

namespace sonde::mock {
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

class HttplibBackend final : public HttpBackend {
 public:
  HttplibBackend(std::unique_ptr<httplib::Server> server, std::string scheme)
      : server_(std::move(server)), scheme_(std::move(scheme)) {}
  int port() const override { return port_; }
  std::string scheme() const override { return scheme_; }
  bool serve() override { return server_->listen_after_bind(); }
  void stop() override { server_->stop(); }

  Result<void> bind(const ServerOptions& options, RequestHandler handler) {
    int threads = std::max(1, options.threads);
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    // Headers and body leave in separate writes; without TCP_NODELAY, Nagle holds the body back
    // until the client's delayed ACK (~40 ms) and a keep-alive connection crawls.
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_max_count(10000);
    server_->set_keep_alive_timeout(5);
    server_->set_payload_max_length(64u << 20);
    // Every path goes through the mock; httplib's router only delivers requests (with their bodies
    // read, which its pre-routing hook would not wait for). HEAD arrives through the GET handler.
    auto serve_one = [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      write_response(handler(to_mock_request(req)), res);
    };
    const std::string everything = ".*";
    server_->Get(everything, serve_one);
    server_->Post(everything, serve_one);
    server_->Put(everything, serve_one);
    server_->Patch(everything, serve_one);
    server_->Delete(everything, serve_one);
    server_->Options(everything, serve_one);
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
    return {};
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
};

}  // namespace
}  // namespace sonde::mock

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
  std::unique_ptr<httplib::Server> server;
  std::string scheme = "http";
  if (!options.cert_file.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(options.cert_file.c_str(), options.key_file.c_str());
    if (!tls->is_valid()) {
      return fail(ErrorKind::invalid_input, "cannot load the TLS certificate or key",
                  options.cert_file + ", " + options.key_file);
    }
    server = std::move(tls);
    scheme = "https";
  } else {
    server = std::make_unique<httplib::Server>();
  }
  auto backend = std::make_unique<HttplibBackend>(std::move(server), scheme);
  if (auto bound = backend->bind(options, std::move(handler)); !bound) return std::unexpected(bound.error());
  return std::unique_ptr<HttpBackend>(std::move(backend));
}

}  // extern "C"
