// The real c-ares transport against a UDP socket of the test's own on loopback: every query gets
// a fresh random ID, and a datagram with another ID is dropped by c-ares yet counted by sonde.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <set>

#include "core/dns/query_builder.hpp"
#include "core/net/ares_transport.hpp"

namespace {

// A bound loopback UDP socket that the test answers from by hand.
struct LoopbackServer {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  std::uint16_t port = 0;
  LoopbackServer() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port = ntohs(a.sin_port);
  }
  ~LoopbackServer() { ::close(fd); }
  // The next query, with where it came from.
  std::vector<std::uint8_t> receive(sockaddr_in& from) {
    pollfd p{fd, POLLIN, 0};
    REQUIRE(::poll(&p, 1, 2000) == 1);
    std::vector<std::uint8_t> buf(4096);
    socklen_t len = sizeof from;
    auto n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    REQUIRE(n > 12);
    buf.resize(static_cast<std::size_t>(n));
    return buf;
  }
  void send(const std::vector<std::uint8_t>& reply, const sockaddr_in& to) {
    REQUIRE(::sendto(fd, reply.data(), reply.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
            static_cast<ssize_t>(reply.size()));
  }
};

// The query turned into an empty reply (QR set, no OPT record kept), optionally with another ID.
std::vector<std::uint8_t> reply_to(std::vector<std::uint8_t> query, int id_delta = 0) {
  const auto id = static_cast<std::uint16_t>(((query[0] << 8) | query[1]) + id_delta);
  query[0] = static_cast<std::uint8_t>(id >> 8);
  query[1] = static_cast<std::uint8_t>(id);
  query[2] |= 0x80;
  query[10] = query[11] = 0;  // ARCOUNT
  query.resize(query.size() - 11);
  return query;
}

}  // namespace

TEST_CASE("each query leaves with a fresh random ID", "[dns][ares_transport]") {
  LoopbackServer server;
  sonde::net::AresTransport transport;
  auto query = sonde::dns::build_query("www.example.test.", 1, {});
  REQUIRE(query);
  std::set<unsigned> ids;
  for (int i = 0; i < 8; ++i) {
    REQUIRE(transport.start({"127.0.0.1", server.port}, sonde::dns::Protocol::udp, *query, std::chrono::milliseconds(2000)));
    sockaddr_in from{};
    auto sent = server.receive(from);
    ids.insert(static_cast<unsigned>((sent[0] << 8) | sent[1]));
  }
  transport.cancel_all();
  // The builder writes ID 0; c-ares 1.18 would send that as is. Eight random IDs are all
  // different unless the generator is broken (a collision has odds of about 1 in 150).
  CHECK_FALSE(ids.contains(0u));
  CHECK(ids.size() >= 7);
}

TEST_CASE("a datagram with another ID is ignored and counted; the right one completes", "[dns][ares_transport]") {
  LoopbackServer server;
  sonde::net::AresTransport transport;
  auto query = sonde::dns::build_query("www.example.test.", 1, {});
  REQUIRE(query);
  auto ticket = transport.start({"127.0.0.1", server.port}, sonde::dns::Protocol::udp, *query, std::chrono::milliseconds(2000));
  REQUIRE(ticket);
  sockaddr_in from{};
  auto sent = server.receive(from);
  server.send(reply_to(sent, 1), from);  // a forgery: wrong ID
  server.send(reply_to(sent), from);     // the genuine reply
  auto done = transport.wait(std::chrono::milliseconds(2000));
  REQUIRE(done);
  CHECK(done->ticket == *ticket);
  CHECK(done->status == sonde::dns::Completion::Status::reply);
  CHECK(done->ignored_replies == 1);
  CHECK(transport.ignored_replies() == 1);
}
