#include "core/net/ares_resolve.hpp"

#include <cctype>

#include <arpa/inet.h>
#include <ares.h>
#include <netdb.h>
#include <poll.h>

#include <memory>

namespace sonde::net {

namespace {

struct LookupState {
  bool done = false;
  int status = ARES_SUCCESS;
  ResolvedAddresses addresses;
};

void on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* state = static_cast<LookupState*>(arg);
  state->done = true;
  state->status = status;
  if (status != ARES_SUCCESS || result == nullptr) return;
  char text[INET6_ADDRSTRLEN] = {};
  for (ares_addrinfo_node* node = result->nodes; node != nullptr; node = node->ai_next) {
    if (node->ai_family == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(node->ai_addr);
      if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text)) {
        state->addresses.ipv4.emplace_back(text);
        state->addresses.ordered.emplace_back(text);
      }
    } else if (node->ai_family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(node->ai_addr);
      if (inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text)) {
        state->addresses.ipv6.emplace_back(text);
        state->addresses.ordered.emplace_back(text);
      }
    }
  }
  ares_freeaddrinfo(result);
}

struct ChannelDeleter {
  void operator()(ares_channel channel) const { ares_destroy(channel); }
};
using Channel = std::unique_ptr<std::remove_pointer_t<ares_channel>, ChannelDeleter>;

// Drives the channel with poll() until the callback ran or the deadline passed.
bool run_until_done(ares_channel channel, const LookupState& state, std::chrono::steady_clock::time_point deadline) {
  while (!state.done) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    int mask = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(mask, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(mask, i)) events |= POLLOUT;
      if (events) fds.push_back({socks[i], events, 0});
    }
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
    timeval max_wait{static_cast<time_t>(left.count() / 1000000), static_cast<suseconds_t>(left.count() % 1000000)};
    timeval wait_buf{};
    timeval* wait = ares_timeout(channel, &max_wait, &wait_buf);
    int wait_ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
    int ready = poll(fds.data(), fds.size(), wait_ms);
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // lets c-ares handle its timeouts
      continue;
    }
    for (const auto& fd : fds) {
      ares_socket_t r = (fd.revents & (POLLIN | POLLERR | POLLHUP)) ? fd.fd : ARES_SOCKET_BAD;
      ares_socket_t w = (fd.revents & POLLOUT) ? fd.fd : ARES_SOCKET_BAD;
      if (r != ARES_SOCKET_BAD || w != ARES_SOCKET_BAD) ares_process_fd(channel, r, w);
    }
  }
  return true;
}

}  // namespace

bool is_ip_literal(const std::string& host) {
  std::string bare = host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, bare.c_str(), buf) == 1 || inet_pton(AF_INET6, bare.c_str(), buf) == 1;
}

// "localhost" and names under it are the loopback (RFC 6761 section 6.3). For one family we answer
// that directly: c-ares 1.18 synthesises it when /etc/hosts has no entry for the family asked, and
// leaks the copied name when it does (LeakSanitizer sees it). Any-family lookups still go through
// c-ares, which reads /etc/hosts, so the order the system configured is kept.
static bool is_localhost(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name == "localhost" || name.ends_with(".localhost");
}

Result<ResolvedAddresses> ares_resolve(const std::string& host, Family family, std::chrono::milliseconds timeout) {
  if (family != Family::any && is_localhost(host)) {
    ResolvedAddresses loopback;
    (family == Family::ipv4 ? loopback.ipv4 : loopback.ipv6).push_back(family == Family::ipv4 ? "127.0.0.1" : "::1");
    loopback.ordered = family == Family::ipv4 ? loopback.ipv4 : loopback.ipv6;
    return loopback;
  }
  static const int library_init = ares_library_init(ARES_LIB_INIT_ALL);
  if (library_init != ARES_SUCCESS) return fail(ErrorKind::runtime, "cannot initialise c-ares", host);
  auto start = std::chrono::steady_clock::now();
  LookupState state;  // declared before the channel: ares_destroy may still call back into it
  ares_channel raw = nullptr;
  if (int rc = ares_init(&raw); rc != ARES_SUCCESS) {
    return fail(ErrorKind::runtime, std::string("cannot read the resolver configuration (") + ares_strerror(rc) + ")", host);
  }
  Channel channel(raw);
  ares_addrinfo_hints hints{};
  hints.ai_family = family == Family::ipv4 ? AF_INET : family == Family::ipv6 ? AF_INET6 : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  ares_getaddrinfo(channel.get(), host.c_str(), nullptr, &hints, on_addrinfo, &state);
  if (!run_until_done(channel.get(), state, start + timeout)) {
    return fail(ErrorKind::runtime, "name lookup timed out", host, "pin an address with --resolve HOST:PORT:ADDR");
  }
  state.addresses.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (state.status != ARES_SUCCESS || (state.addresses.ipv4.empty() && state.addresses.ipv6.empty())) {
    return fail(ErrorKind::runtime,
                std::string("cannot resolve host (") + ares_strerror(state.status == ARES_SUCCESS ? ARES_ENODATA : state.status) + ")",
                host, "check the name, or pin an address with --resolve HOST:PORT:ADDR");
  }
  return state.addresses;
}

}  // namespace sonde::net
