#include "core/mock/http_server.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>

#include "core/mock/http_backend.hpp"
#include "core/mock/problem.hpp"
#include "sonde/build_info.hpp"

namespace sonde::mock {

struct HttpServer::Impl {
  std::unique_ptr<HttpBackend> backend;
  std::string host;
};

namespace {

constexpr const char* k_module_name = "sonde-mock-http.so";

// The executable's own directory: the module sits beside it in a build tree, and at
// k_module_dir_from_bindir from it once installed.
std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

// The module's entry points.
struct Module {
  BindBackend bind = nullptr;
  ServeH2c serve_h2c = nullptr;
};

Result<Module> load_module() {
  const auto dir = executable_dir();
  if (dir.empty()) {
    return fail(ErrorKind::runtime, "cannot find the mock's HTTP module: the executable's own path is unknown",
                "/proc/self/exe", "is /proc mounted?");
  }
  const std::filesystem::path candidates[] = {dir / k_module_name, dir / k_module_dir_from_bindir / k_module_name};
  std::string tried;
  for (const auto& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      tried += (tried.empty() ? "" : ", ") + path.lexically_normal().string();
      continue;
    }
    void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      return fail(ErrorKind::runtime, std::string("cannot load the mock's HTTP module (") + (why ? why : "dlopen") + ")",
                  path.string(), "install the libcpp-httplib0.11 package");
    }
    auto abi = reinterpret_cast<const char* (*)()>(::dlsym(lib, k_backend_abi_symbol));
    auto bind = reinterpret_cast<BindBackend>(::dlsym(lib, k_backend_bind_symbol));
    auto serve_h2c = reinterpret_cast<ServeH2c>(::dlsym(lib, k_backend_h2c_symbol));
    if (abi == nullptr || bind == nullptr || serve_h2c == nullptr || abi() != backend_abi_tag()) {
      return fail(ErrorKind::runtime, "the mock's HTTP module does not belong to this sonde " + std::string(k_version),
                  path.string(), "reinstall sonde");
    }
    return Module{bind, serve_h2c};
  }
  return fail(ErrorKind::runtime, "the mock's HTTP module is missing", tried, "reinstall sonde");
}

// Loaded once per process; the module stays mapped until exit.
Result<Module> module() {
  static const Result<Module> loaded = load_module();
  return loaded;
}

}  // namespace

namespace {

// A body the module pulls from sonde's side, which never lets an exception through: one that
// escaped would be thrown by one C++ runtime and caught by another (sonde's own is linked in, the
// module uses the shared one). A failed pull cuts the body, as any failed pull does.
class ContainedStream final : public BodyStream {
 public:
  explicit ContainedStream(std::shared_ptr<BodyStream> inner) : inner_(std::move(inner)) {}
  Pull next(std::string& out) override {
    try {
      return inner_->next(out);
    } catch (...) {
      return Pull::failed;
    }
  }
  std::optional<std::uint64_t> length() const override { return inner_->length(); }

 private:
  std::shared_ptr<BodyStream> inner_;
};

}  // namespace

MockResponse answer_safely(const std::function<MockResponse(const MockRequest&)>& answer, const MockRequest& request) {
  try {
    MockResponse response = answer(request);
    if (response.stream) response.stream = std::make_shared<ContainedStream>(std::move(response.stream));
    return response;
  } catch (...) {
  }
  // A bug of the mock, not the client's: say so without internal text, and start afresh. Built
  // outside the handler above, so that one failing in turn (out of memory) is still answered.
  try {
    MockResponse response = problem_response(500, "Internal Server Error", "the mock could not answer this request");
    response.close = true;
    return response;
  } catch (...) {
    MockResponse bare;  // no allocation: a status and a close
    bare.status = 500;
    bare.close = true;
    return bare;
  }
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::bind(std::shared_ptr<MockService> service, const ServerOptions& options,
                                                     std::function<void(const RequestLog&)> log) {
  return bind([service = std::move(service)](const MockRequest& r) { return service->handle(r); }, options,
              std::move(log));
}

Result<std::unique_ptr<HttpServer>> HttpServer::bind(std::function<MockResponse(const MockRequest&)> answer,
                                                     const ServerOptions& options,
                                                     std::function<void(const RequestLog&)> log) {
  if (options.cert_file.empty() != options.key_file.empty()) {
    return fail(ErrorKind::usage, "--cert and --key go together", {}, "give both to serve HTTPS");
  }
  auto bind_backend = module();
  if (!bind_backend) return std::unexpected(bind_backend.error());
  auto handler = [answer = std::move(answer), log = std::move(log)](const MockRequest& request) {
    auto started = std::chrono::steady_clock::now();
    MockResponse response = answer_safely(answer, request);
    if (log) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      try {  // nothing thrown on this side may reach the module (see ContainedStream)
        log({request.method, request.target, response.status, ms, response.operation, response.fault});
      } catch (...) {
      }
    }
    return response;
  };
  auto backend = bind_backend->bind(options, std::move(handler));
  if (!backend) return std::unexpected(backend.error());
  auto impl = std::make_unique<Impl>();
  impl->backend = std::move(*backend);
  impl->host = options.host;
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(impl)));
  server->port_ = server->impl_->backend->port();
  return server;
}

std::string HttpServer::url() const {
  std::string host = impl_->host.find(':') != std::string::npos ? "[" + impl_->host + "]" : impl_->host;
  return impl_->backend->scheme() + "://" + host + ":" + std::to_string(port_);
}

bool HttpServer::serve() { return impl_->backend->serve(); }

Result<void> serve_h2c_connection(int fd, std::string_view bytes, const std::function<MockResponse(const MockRequest&)>& answer,
                                  const std::atomic<int>& serving) {
  auto loaded = module();
  if (!loaded) {
    ::close(fd);
    return std::unexpected(loaded.error());
  }
  const RequestHandler handler = [&answer](const MockRequest& request) { return answer_safely(answer, request); };
  loaded->serve_h2c(fd, bytes, handler, serving);
  return {};
}

void HttpServer::stop() { impl_->backend->stop(); }

}  // namespace sonde::mock
