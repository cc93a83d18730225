#include "core/proxy/proxy_server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/mock/http_server.hpp"
#include "core/net/libcurl_loader.hpp"
#include "core/proxy/refused_connection.hpp"

namespace sonde::proxy {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto k_tick = std::chrono::milliseconds(100);  // how often deadlines are looked at
// Refused connections (past max_connections) lingering at once, over every loop; past it a
// refused one closes at once. Their descriptors come out of connection_limit's spare ones.
constexpr int k_refused_lingering = 8;

// Each proxied connection holds two descriptors (the client's, the upstream's): raise the soft
// open-file limit toward what max_connections needs, and serve fewer when the hard limit is lower.
int connection_limit(int wanted_connections) {
  // The spec, the reports, the listening socket, libraries, and the few refused connections
  // lingering (k_refused_lingering).
  constexpr rlim_t k_spare = 64;
  const auto wanted = static_cast<rlim_t>(std::max(1, wanted_connections)) * 2 + k_spare;
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) return std::max(1, wanted_connections);
  if (files.rlim_cur < wanted) {
    files.rlim_cur = std::min(wanted, files.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &files);
    ::getrlimit(RLIMIT_NOFILE, &files);
  }
  const rlim_t usable = files.rlim_cur > 2 * k_spare ? (files.rlim_cur - k_spare) / 2 : 1;
  return static_cast<int>(std::min<rlim_t>(usable, static_cast<rlim_t>(std::max(1, wanted_connections))));
}

Result<std::pair<int, int>> listen_on(const std::string& host, int port) {
  auto cannot = [&] {
    return fail(ErrorKind::runtime, "cannot listen (address in use, or not an address of this machine)",
                host + ":" + std::to_string(port));
  };
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr) return cannot();
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return cannot();
  sockaddr_storage bound{};
  socklen_t size = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size);
  const int actual = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                                 : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return std::pair{fd, actual};
}

}  // namespace

struct ProxyServer::Worker {
  std::unique_ptr<EventLoop> loop;
  std::list<std::unique_ptr<ProxyConnection>> connections;
  std::list<std::unique_ptr<RefusedConnection>> refused;  ///< answered 503, lingering
  Clock::time_point accept_paused_until{};
};

class ProxyServer::Acceptor final : public Watcher {
 public:
  Acceptor(ProxyServer& server, Worker& worker, LoopContext& context) : server_(server), worker_(worker), context_(context) {}
  void ready(std::uint32_t) override { server_.accept_all(worker_, context_); }

 private:
  ProxyServer& server_;
  Worker& worker_;
  LoopContext& context_;
};

Result<std::unique_ptr<ProxyServer>> ProxyServer::bind(ValidatingProxy& proxy, ProxyServerOptions options) {
  // Every loop needs libcurl from its first moment: a missing library is said here, once.
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  auto listening = listen_on(options.host, options.port);
  if (!listening) return std::unexpected(listening.error());
  options.max_connections = connection_limit(options.max_connections);
  if (options.loops <= 0) options.loops = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::unique_ptr<ProxyServer> server(new ProxyServer(proxy, std::move(options), listening->first, listening->second));
  server->serving_socket_ = listening->first;
  return server;
}

ProxyServer::~ProxyServer() {
  for (auto& h : h2c_) {
    if (h.thread.joinable()) h.thread.join();
  }
  if (listener_ >= 0) ::close(listener_);
}

std::string ProxyServer::url() const {
  const std::string host = options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  return "http://" + host + ":" + std::to_string(port_);
}

void ProxyServer::stop() {
  stopping_ = true;
  serving_socket_ = -1;
  std::lock_guard lock(mutex_);
  for (EventLoop* loop : loops_) loop->wake();
}

void ProxyServer::accept_all(Worker& worker, LoopContext& context) {
  for (int i = 0; i < 64; ++i) {
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop asking for a moment rather than spin on a listener that stays ready.
        context.loop.unwatch(listener_);
        worker.accept_paused_until = Clock::now() + k_tick;
      }
      return;  // EAGAIN: another loop took it, or nothing is waiting
    }
    if (open_.load() >= options_.max_connections) {
      refuse(worker, context, fd);
      continue;
    }
    ++open_;
    // Head and body of an answer may leave in separate writes; Nagle would hold the second back
    // until the client's delayed ACK.
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto connection = std::make_unique<ProxyConnection>(context, fd);
    ProxyConnection* c = connection.get();
    worker.connections.push_back(std::move(connection));
    c->place = std::prev(worker.connections.end());
    c->start();
  }
}

void ProxyServer::refuse(Worker& worker, LoopContext& context, int fd) {
  // Said at once, not left waiting in a queue; then lingering, while few are, so that a client
  // still sending its body reads the 503 instead of meeting a reset.
  if (refused_lingering_.fetch_add(1) >= k_refused_lingering) {
    --refused_lingering_;
    RefusedConnection::refuse_now(fd);
    return;
  }
  // Its place first: once made, the connection owns the descriptor, so only a failure before
  // that may answer and close it here.
  bool placed = false;
  try {
    auto& slot = worker.refused.emplace_back();
    placed = true;
    slot = std::make_unique<RefusedConnection>(context.loop, fd, Clock::now() + options_.linger);
  } catch (...) {
    if (placed) worker.refused.pop_back();
    --refused_lingering_;
    RefusedConnection::refuse_now(fd);
  }
}

void ProxyServer::hand_off_h2c(int fd, std::string bytes) {
  std::lock_guard lock(mutex_);
  // Finished threads are joined as new ones start: their number stays that of open h2c connections.
  for (auto it = h2c_.begin(); it != h2c_.end();) {
    if (it->done) {
      it->thread.join();
      it = h2c_.erase(it);
    } else {
      ++it;
    }
  }
  // The connection stays counted toward max_connections (sweep() leaves its count) until its
  // thread ends.
  bool placed = false;
  try {
    H2cThread& h = h2c_.emplace_back();
    placed = true;
    h.thread = std::thread([this, fd, bytes = std::move(bytes), &h] {
      auto answer = [this](const mock::MockRequest& request) { return proxy_.handle(request); };
      (void)mock::serve_h2c_connection(fd, bytes, answer, serving_socket_);
      --open_;
      h.done = true;
    });
  } catch (...) {
    // No thread (or memory) to be had: the connection closes unserved.
    if (placed) h2c_.pop_back();
    --open_;
    ::close(fd);
  }
}

void ProxyServer::sweep(Worker& worker, LoopContext& context) {
  if (!worker.refused.empty()) {
    const auto now = Clock::now();
    refused_lingering_ -= static_cast<int>(
        worker.refused.remove_if([now](const std::unique_ptr<RefusedConnection>& r) { return r->over(now); }));
  }
  // Resumed first: a connection in both lists is still alive until the dead are deleted.
  std::vector<ProxyConnection*> resumed;
  resumed.swap(context.resumed);
  for (ProxyConnection* c : resumed) {
    if (!c->dead()) c->resume();
  }
  while (!context.dead.empty()) {
    std::vector<ProxyConnection*> dead;
    dead.swap(context.dead);
    for (ProxyConnection* c : dead) {
      // A connection handed to an h2c thread stays counted until that thread ends.
      if (!c->handed_off()) --open_;
      worker.connections.erase(c->place);  // its transfer goes with it, outside libcurl
    }
  }
}

bool ProxyServer::serve() {
  const int count = std::max(1, options_.loops);
  std::vector<Worker> workers(static_cast<std::size_t>(count));
  for (auto& worker : workers) {
    auto created = EventLoop::create();
    if (!created) return false;
    worker.loop = std::move(*created);
  }
  {
    std::lock_guard lock(mutex_);
    for (auto& worker : workers) loops_.push_back(worker.loop.get());
  }
  std::vector<std::thread> others;
  std::atomic<bool> failed{false};
  for (std::size_t i = 1; i < workers.size(); ++i) {
    others.emplace_back([this, &worker = workers[i], &failed] {
      if (!run(worker)) failed = true;
    });
  }
  const bool ok = run(workers[0]);
  if (!ok) stop();  // the others end too
  for (auto& t : others) t.join();
  {
    std::lock_guard lock(mutex_);
    loops_.clear();
  }
  serving_socket_ = -1;
  std::lock_guard lock(mutex_);
  for (auto& h : h2c_) {
    if (h.thread.joinable()) h.thread.join();
  }
  h2c_.clear();
  return ok && !failed;
}

bool ProxyServer::run(Worker& worker) {
  EventLoop& loop = *worker.loop;
  bool ok = true;
  UpstreamMulti upstream(loop);
  PlainUpstreamPool plain(loop);
  LoopContext context{loop, upstream, plain, proxy_, options_, [this](int fd, std::string bytes) { hand_off_h2c(fd, std::move(bytes)); }, {}, {}};
  Acceptor acceptor(*this, worker, context);
  // Every loop waits on the one listening socket; EPOLLEXCLUSIVE wakes one of them per connection.
  if (!loop.watch(listener_, EPOLLIN | EPOLLEXCLUSIVE, &acceptor)) return false;
  auto next_tick = Clock::now() + k_tick;
  bool accepting = true;
  // One turn of the loop: events, libcurl's timers, the dead swept, deadlines every tick.
  auto turn = [&] {
    auto now = Clock::now();
    auto until = next_tick;
    if (auto curl = upstream.deadline()) until = std::min(until, *curl);
    if (plain.has_deferred()) until = now;
    const auto wait = until > now ? std::chrono::duration_cast<std::chrono::milliseconds>(until - now) + std::chrono::milliseconds(1)
                                  : std::chrono::milliseconds(0);
    if (!loop.run_once(wait)) return false;
    now = Clock::now();
    upstream.on_time(now);
    plain.run_deferred();
    sweep(worker, context);
    if (now >= next_tick) {
      for (auto& c : worker.connections) c->check_time(now);
      sweep(worker, context);
      if (accepting && worker.accept_paused_until != Clock::time_point{} && now >= worker.accept_paused_until) {
        worker.accept_paused_until = {};
        loop.watch(listener_, EPOLLIN | EPOLLEXCLUSIVE, &acceptor);
      }
      next_tick = now + k_tick;
    }
    return true;
  };
  while (ok && !stopping_) ok = turn();
  accepting = false;
  loop.unwatch(listener_);
  // Stopping: an exchange already under way gets a few seconds to be answered (and recorded);
  // idle connections and answers being passed on (an event stream may never end) close at once.
  for (auto& c : worker.connections) c->drain();
  sweep(worker, context);
  const auto grace_end = Clock::now() + options_.stop_grace;
  while (ok && !worker.connections.empty() && Clock::now() < grace_end) ok = turn();
  // Then whatever is left is cut, before the upstream's handles go; an exchange still unanswered
  // is answered 502 and recorded first.
  for (auto& c : worker.connections) c->abandon(options_.stop_grace);
  sweep(worker, context);
  worker.connections.clear();
  refused_lingering_ -= static_cast<int>(worker.refused.size());
  worker.refused.clear();
  return ok;
}

}  // namespace sonde::proxy
