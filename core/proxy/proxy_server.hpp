#pragma once
/// `sonde check --proxy`'s HTTP server: an epoll loop per thread (one per core by default), every
/// client connection and every exchange with the upstream moved on by readiness (core/proxy/proxy_connection.hpp,
/// core/proxy/upstream_multi.hpp). A thread per connection, as the mock's server has, slept and
/// woke twice per exchange; on a small machine the task switches cost more than the checks.
/// A connection that opens with the HTTP/2 preface (h2c) is handed to the mock's HTTP module,
/// which serves it on a thread of its own with the same ValidatingProxy.
#include <atomic>
#include <list>
#include <mutex>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/proxy/proxy_connection.hpp"
#include "core/proxy/validating_proxy.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

class ProxyServer {
 public:
  /// Binds the socket (so the port is known before serving). Fails with host:port.
  static Result<std::unique_ptr<ProxyServer>> bind(ValidatingProxy& proxy, ProxyServerOptions options);
  ~ProxyServer();
  ProxyServer(const ProxyServer&) = delete;
  ProxyServer& operator=(const ProxyServer&) = delete;

  std::string url() const;  ///< "http://127.0.0.1:43211"
  int port() const { return port_; }
  /// Serves until stop() is called (from any thread). Returns false when serving failed.
  bool serve();
  /// Stops serving: exchanges in progress are cut, h2c connections end.
  void stop();

 private:
  class Acceptor;
  struct Worker;
  struct H2cThread {
    std::thread thread;
    std::atomic<bool> done{false};
  };
  ProxyServer(ValidatingProxy& proxy, ProxyServerOptions options, int listener, int port)
      : proxy_(proxy), options_(std::move(options)), listener_(listener), port_(port) {}
  bool run(Worker& worker);
  void accept_all(Worker& worker, LoopContext& context);
  void hand_off_h2c(int fd, std::string bytes);
  /// A connection past max_connections: 503, then a bounded lingering close.
  void refuse(Worker& worker, LoopContext& context, int fd);
  void sweep(Worker& worker, LoopContext& context);

  ValidatingProxy& proxy_;
  ProxyServerOptions options_;
  int listener_;
  int port_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> serving_socket_;  ///< what h2c connections watch: -1 once stopping
  std::atomic<int> open_{0};         ///< connections served, over every loop
  std::atomic<int> refused_lingering_{0};  ///< refused connections lingering, over every loop
  std::mutex mutex_;                 ///< guards loops_ and h2c_
  std::vector<EventLoop*> loops_;    ///< running, for stop() to wake
  std::list<H2cThread> h2c_;
};

}  // namespace sonde::proxy
