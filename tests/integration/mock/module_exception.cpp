// The HTTP module's last resort: an exception escaping the request handler becomes a 500
// problem+json that names nothing internal, and the connection is closed. (cpp-httplib's default
// answers 500 with the exception's message in an EXCEPTION_WHAT header.)
// Usage: mock_module_exception PATH-TO-sonde-mock-http.so
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/mock/http_backend.hpp"

using namespace sonde::mock;

namespace {

int failures = 0;

void expect(const char* what, bool ok, const std::string& detail) {
  std::printf("%s%s%s\n", ok ? "ok: " : "FAIL: ", what, ok ? "" : (" -- " + detail).c_str());
  failures += ok ? 0 : 1;
}

std::string exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  void* lib = ::dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    std::printf("FAIL: cannot load %s: %s\n", argv[1], ::dlerror());
    return 1;
  }
  auto abi = reinterpret_cast<const char* (*)()>(::dlsym(lib, k_backend_abi_symbol));
  auto bind = reinterpret_cast<BindBackend>(::dlsym(lib, k_backend_bind_symbol));
  if (abi == nullptr || bind == nullptr || abi() != backend_abi_tag()) {
    std::printf("FAIL: the module does not belong to this build\n");
    return 1;
  }
  auto backend = bind(ServerOptions{}, [](const MockRequest&) -> MockResponse {
    throw std::runtime_error("secret internal state");
  });
  if (!backend) {
    std::printf("FAIL: %s\n", backend.error().message.c_str());
    return 1;
  }
  std::thread server([&] { (*backend)->serve(); });
  std::string response = exchange((*backend)->port(), "GET /anything HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string head = response.substr(0, response.find("\r\n\r\n"));
  expect("a throwing handler gives 500", response.starts_with("HTTP/1.1 500 "), head);
  expect("... as problem+json", head.find("Content-Type: application/problem+json") != std::string::npos, head);
  expect("... without the exception's text", response.find("secret") == std::string::npos, response);
  expect("... nor httplib's EXCEPTION_WHAT header", head.find("EXCEPTION_WHAT") == std::string::npos, head);
  expect("... and closes the connection", head.find("Connection: close") != std::string::npos, head);
  (*backend)->stop();
  server.join();
  std::printf("%s\n", failures == 0 ? "all checks passed" : "some checks failed");
  return failures == 0 ? 0 : 1;
}
