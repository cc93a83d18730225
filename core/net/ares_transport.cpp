#include "core/net/ares_transport.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <vector>

#include "core/dns/reply_match.hpp"

namespace sonde::net {

using Clock = std::chrono::steady_clock;

struct AresTransport::Exchange {
  ares_channel channel = nullptr;
  Clock::time_point started;
  bool finished = false;
  dns::Completion result;
  std::vector<std::uint8_t> query;         ///< with its random ID, as handed to c-ares
  std::vector<std::uint8_t> sent;          ///< the last UDP datagram c-ares actually sent
  std::vector<ares_socket_t> udp_sockets;  ///< the channel's open UDP sockets
  int ignored = 0;                         ///< datagrams on them that were not a reply to `query`
  ~Exchange() {
    if (channel != nullptr) ares_destroy(channel);
  }
};

namespace {

void library_init() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

// A 16-bit query ID from the kernel's CSPRNG: with the random source port it is what stands
// between a trace and an off-path forger (RFC 5452 section 9.2).
std::uint16_t random_id() {
  std::uint16_t id = 0;
  if (::getrandom(&id, sizeof id, 0) != sizeof id) {
    id = static_cast<std::uint16_t>(Clock::now().time_since_epoch().count());
  }
  return id;
}

// c-ares's socket calls, done as c-ares would do them (non-blocking, close-on-exec, TCP_NODELAY;
// 1.18 configures none of it for sockets it did not open), plus a look at every UDP datagram
// before c-ares judges it. They are called from C, so nothing may escape them: allocation
// failures only cost the count.
bool is_udp(const AresTransport::Exchange& ex, ares_socket_t s) {
  return std::find(ex.udp_sockets.begin(), ex.udp_sockets.end(), s) != ex.udp_sockets.end();
}

ares_socket_t open_socket(int domain, int type, int protocol, void* user) noexcept {
  ares_socket_t s = ::socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (s == ARES_SOCKET_BAD) return s;
  if (type == SOCK_DGRAM) {
    try {
      static_cast<AresTransport::Exchange*>(user)->udp_sockets.push_back(s);
    } catch (...) {
      ::close(s);
      errno = ENOMEM;
      return ARES_SOCKET_BAD;
    }
  } else if (type == SOCK_STREAM) {
    int on = 1;
    ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  }
  return s;
}

int close_socket(ares_socket_t s, void* user) noexcept {
  auto& udp = static_cast<AresTransport::Exchange*>(user)->udp_sockets;
  udp.erase(std::remove(udp.begin(), udp.end(), s), udp.end());
  return ::close(s);
}

int connect_socket(ares_socket_t s, const sockaddr* address, ares_socklen_t length, void*) noexcept {
  return ::connect(s, address, length);
}

ares_ssize_t receive(ares_socket_t s, void* buffer, size_t length, int flags, sockaddr* from, ares_socklen_t* from_length,
                     void* user) noexcept {
  ares_ssize_t n = ::recvfrom(s, buffer, length, flags, from, from_length);
  auto* ex = static_cast<AresTransport::Exchange*>(user);
  if (n <= 0 || !is_udp(*ex, s)) return n;
  // Judged against what went out on the wire: a c-ares that assigns its own ID (newer ones do)
  // would otherwise make every genuine reply look forged.
  const auto& asked = ex->sent.empty() ? ex->query : ex->sent;
  try {
    if (!dns::reply_matches_query(asked, {static_cast<const std::uint8_t*>(buffer), static_cast<std::size_t>(n)})) {
      ++ex->ignored;
    }
  } catch (...) {
  }
  return n;
}

// sendmsg rather than writev: MSG_NOSIGNAL keeps a TCP reset from raising SIGPIPE.
ares_ssize_t send_vector(ares_socket_t s, const iovec* data, int count, void* user) noexcept {
  auto* ex = static_cast<AresTransport::Exchange*>(user);
  if (is_udp(*ex, s)) {
    try {
      ex->sent.clear();
      for (int i = 0; i < count; ++i) {
        const auto* base = static_cast<const std::uint8_t*>(data[i].iov_base);
        ex->sent.insert(ex->sent.end(), base, base + data[i].iov_len);
      }
    } catch (...) {
      ex->sent.clear();
    }
  }
  msghdr message{};
  message.msg_iov = const_cast<iovec*>(data);
  message.msg_iovlen = static_cast<std::size_t>(count);
  return ::sendmsg(s, &message, MSG_NOSIGNAL);
}

const ares_socket_functions k_socket_functions{open_socket, close_socket, connect_socket, receive, send_vector};

void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) noexcept {
  auto* ex = static_cast<AresTransport::Exchange*>(arg);
  if (status == ARES_EDESTRUCTION || ex->finished) return;
  ex->finished = true;
  ex->result.ignored_replies = ex->ignored;
  ex->result.rtt_ms = std::chrono::duration<double, std::milli>(Clock::now() - ex->started).count();
  using S = dns::Completion::Status;
  if (status == ARES_SUCCESS && abuf != nullptr && alen > 0) {
    ex->result.status = S::reply;
    try {
      ex->result.reply.assign(abuf, abuf + alen);
    } catch (...) {  // called from C: nothing may escape
      ex->result.status = S::failed;
      status = ARES_ENOMEM;
    }
  } else if (status == ARES_ETIMEOUT) {
    ex->result.status = S::timeout;
  } else if (status == ARES_ECONNREFUSED) {
    // c-ares reports ICMP port unreachable (UDP) and a TCP RST the same way.
    ex->result.status = S::unreachable;
  } else {
    ex->result.status = S::failed;
  }
  if (ex->result.status != S::reply) ex->result.detail = ares_strerror(status);
}

}  // namespace

AresTransport::AresTransport() { library_init(); }

AresTransport::~AresTransport() { cancel_all(); }

Result<int> AresTransport::start(const dns::Endpoint& server, dns::Protocol protocol,
                                 std::span<const std::uint8_t> query, std::chrono::milliseconds timeout) {
  auto ex = std::make_unique<Exchange>();
  ares_options options{};
  // ARES_FLAG_EDNS with a payload size: without it c-ares 1.18 reads at most 512 bytes of a UDP
  // reply, and a 575-byte DNSSEC answer arrives cut. The queries are sonde's own (ares_send), so
  // the flag adds no OPT record of c-ares's.
  options.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_IGNTC | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_EDNS;
  if (protocol == dns::Protocol::tcp) options.flags |= ARES_FLAG_USEVC;
  options.timeout = static_cast<int>(std::max<long long>(1, timeout.count()));
  options.tries = 1;
  options.ednspsz = 4096;
  const int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_EDNSPSZ;
  if (int rc = ares_init_options(&ex->channel, &options, mask); rc != ARES_SUCCESS) {
    return fail(ErrorKind::runtime, std::string("cannot create a c-ares channel: ") + ares_strerror(rc), server.text());
  }
  const std::string csv = server.address.find(':') != std::string::npos
                              ? "[" + server.address + "]:" + std::to_string(server.port)
                              : server.address + ":" + std::to_string(server.port);
  if (int rc = ares_set_servers_ports_csv(ex->channel, csv.c_str()); rc != ARES_SUCCESS) {
    return fail(ErrorKind::usage, std::string("bad server address: ") + ares_strerror(rc), server.text());
  }
  ares_set_socket_functions(ex->channel, &k_socket_functions, ex.get());
  ex->query.assign(query.begin(), query.end());
  if (ex->query.size() >= 2) {
    const std::uint16_t id = random_id();
    ex->query[0] = static_cast<std::uint8_t>(id >> 8);
    ex->query[1] = static_cast<std::uint8_t>(id & 0xFF);
  }
  const int ticket = next_ticket_++;
  ex->result.ticket = ticket;
  ex->started = Clock::now();
  ares_send(ex->channel, ex->query.data(), static_cast<int>(ex->query.size()), on_answer, ex.get());
  exchanges_.emplace(ticket, std::move(ex));
  return ticket;
}

std::optional<dns::Completion> AresTransport::take_finished() {
  for (auto it = exchanges_.begin(); it != exchanges_.end(); ++it) {
    if (it->second->finished) {
      ignored_by_gone_exchanges_ += it->second->ignored;
      dns::Completion done = std::move(it->second->result);
      exchanges_.erase(it);
      return done;
    }
  }
  return std::nullopt;
}

std::optional<dns::Completion> AresTransport::wait(std::chrono::milliseconds max_wait) {
  const auto deadline = Clock::now() + max_wait;
  while (true) {
    if (auto done = take_finished()) return done;
    if (exchanges_.empty()) return std::nullopt;
    std::vector<pollfd> fds;
    std::vector<ares_channel> owners;
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (wait_ms < 0) return std::nullopt;
    for (auto& [ticket, ex] : exchanges_) {
      ares_socket_t socks[ARES_GETSOCK_MAXNUM];
      const int bits = ares_getsock(ex->channel, socks, ARES_GETSOCK_MAXNUM);
      for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
        short events = 0;
        if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
        if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
        if (events == 0) continue;
        fds.push_back(pollfd{socks[i], events, 0});
        owners.push_back(ex->channel);
      }
      timeval tv{};
      if (ares_timeout(ex->channel, nullptr, &tv) != nullptr) {
        wait_ms = std::min<long long>(wait_ms, tv.tv_sec * 1000LL + tv.tv_usec / 1000 + 1);
      }
    }
    ::poll(fds.data(), fds.size(), static_cast<int>(wait_ms));
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      const bool readable = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      const bool writable = (fds[i].revents & POLLOUT) != 0;
      ares_process_fd(owners[i], readable ? fds[i].fd : ARES_SOCKET_BAD, writable ? fds[i].fd : ARES_SOCKET_BAD);
    }
    // Lets every channel notice its own timeout.
    for (auto& [ticket, ex] : exchanges_) {
      if (!ex->finished) ares_process_fd(ex->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    }
  }
}

void AresTransport::cancel(int ticket) {
  auto it = exchanges_.find(ticket);
  if (it == exchanges_.end()) return;
  ignored_by_gone_exchanges_ += it->second->ignored;
  exchanges_.erase(it);
}

void AresTransport::cancel_all() {
  while (!exchanges_.empty()) cancel(exchanges_.begin()->first);
}

int AresTransport::ignored_replies(int ticket) const {
  auto it = exchanges_.find(ticket);
  return it == exchanges_.end() ? 0 : it->second->ignored;
}

int AresTransport::ignored_replies() const {
  int total = ignored_by_gone_exchanges_;
  for (const auto& [ticket, ex] : exchanges_) total += ex->ignored;
  return total;
}

Result<std::vector<dns::Endpoint>> system_resolvers() {
  library_init();
  ares_channel channel = nullptr;
  if (int rc = ares_init(&channel); rc != ARES_SUCCESS) {
    return fail(ErrorKind::runtime, std::string("cannot read the system resolver configuration: ") + ares_strerror(rc),
                "/etc/resolv.conf");
  }
  ares_addr_port_node* servers = nullptr;
  std::vector<dns::Endpoint> out;
  if (ares_get_servers_ports(channel, &servers) == ARES_SUCCESS) {
    for (auto* node = servers; node != nullptr; node = node->next) {
      char text[INET6_ADDRSTRLEN] = {};
      ::inet_ntop(node->family, &node->addr, text, sizeof text);
      const int port = node->udp_port != 0 ? node->udp_port : 53;
      out.push_back({text, static_cast<std::uint16_t>(port)});
    }
    ares_free_data(servers);
  }
  ares_destroy(channel);
  return out;
}

}  // namespace sonde::net
