// Name servers that lead the trace in circles or forever (issue 19): every case ends, bounded by
// a named limit, and says which limit or loop stopped it. Plus a compression pointer past the end.
#include <catch2/catch.hpp>

#include <functional>

#include "core/dns/message_parser.hpp"
#include "core/dns/trace.hpp"
#include "fake_dns.hpp"

using namespace sonde::dns;
using fake_dns::Behaviour;
using fake_dns::FakeTransport;

namespace {

constexpr std::uint16_t k_type_a = 1, k_type_ns = 2;

TraceOptions delegation_options() {
  TraceOptions o;
  o.root_hints = {{"r1.", {"10.0.0.1"}}};
  o.timeout = std::chrono::milliseconds(5000);
  o.stagger = std::chrono::milliseconds(200);
  o.ipv6 = false;
  return o;
}

// A referral to `zone` served by `ns`, with glue address `glue` or none (glueless).
Behaviour refer(const std::string& zone, const std::string& ns, const std::string& glue = "") {
  Behaviour b;
  b.message.authority.push_back({zone, k_type_ns, 172800, fake_dns::name(ns)});
  if (!glue.empty()) {
    unsigned x[4];
    std::sscanf(glue.c_str(), "%u.%u.%u.%u", &x[0], &x[1], &x[2], &x[3]);
    b.message.additional.push_back({ns, k_type_a, 172800, fake_dns::a(static_cast<std::uint8_t>(x[0]), static_cast<std::uint8_t>(x[1]),
                                                               static_cast<std::uint8_t>(x[2]), static_cast<std::uint8_t>(x[3]))});
  }
  return b;
}

// Every failure text of the trace and its nested glueless lookups.
std::vector<std::string> failures(const TraceResult& t) {
  std::vector<std::string> out;
  if (t.failure) out.push_back(*t.failure);
  std::function<void(const std::vector<Step>&)> walk = [&](const std::vector<Step>& steps) {
    for (const auto& s : steps) {
      for (const auto& sub : s.lookups) {
        if (sub.failure) out.push_back(*sub.failure);
        walk(sub.steps);
      }
    }
  };
  walk(t.steps);
  return out;
}

bool mentions(const std::vector<std::string>& texts, const std::string& what) {
  for (const auto& t : texts) {
    if (t.find(what) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a glueless delegation loop between two zones stops and is named", "[dns][trace][hostile]") {
  // test. is served by ns.a.example. and example. by ns.b.test., neither with glue.
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    const std::string qn = q.questions[0].name;
    if (address != "10.0.0.1") return Behaviour{Behaviour::unreachable, {}, 1.0};
    if (qn.ends_with("example.")) return refer("example.", "ns.b.test.");
    return refer("test.", "ns.a.example.");
  });
  auto t = trace("www.test", k_type_a, delegation_options(), net);
  REQUIRE(t);
  REQUIRE(t->failure);
  CHECK(t->answer.empty());
  CHECK(mentions(failures(*t), "glueless delegation loop"));
  CHECK(net.sent.size() < 20);
}

TEST_CASE("an endless chain of glueless delegations stops at the nesting limit", "[dns][trace][hostile]") {
  // zone zN. is served by ns.zN+1. without glue, for ever: each address needs one more lookup.
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    const std::string qn = q.questions[0].name;
    if (address != "10.0.0.1") return Behaviour{Behaviour::unreachable, {}, 1.0};
    const auto dot = qn.rfind('.', qn.size() - 2);
    const std::string tld = qn.substr(dot == std::string::npos ? 0 : dot + 1);  // "zN." or "test."
    const int n = tld.starts_with("z") ? std::stoi(tld.substr(1)) : 0;
    return refer(tld, "ns.z" + std::to_string(n + 1) + ".");
  });
  auto o = delegation_options();
  auto t = trace("www.test", k_type_a, o, net);
  REQUIRE(t);
  REQUIRE(t->failure);
  CHECK(mentions(failures(*t), "nesting limit reached (5 glueless lookups deep)"));
  CHECK(net.sent.size() <= static_cast<std::size_t>(o.max_queries));
}

TEST_CASE("an endless chain of referrals stops at the query limit", "[dns][trace][hostile]") {
  // Every server refers one label deeper (x.x.x....test.), each with glue to a new address.
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    const std::string qn = q.questions[0].name;
    const int level = std::stoi(address.substr(address.rfind('.') + 1));  // 10.0.0.N serves level N-1
    std::string zone = "test.";
    for (int i = 1; i < level; ++i) zone = "x." + zone;
    const std::string next = "x." + zone;
    return refer(next, "ns." + next, "10.0.0." + std::to_string(level + 1));
  });
  auto o = delegation_options();
  o.max_queries = 20;
  std::string deep = "test";
  for (int i = 0; i < 100; ++i) deep = "x." + deep;
  auto t = trace(deep, k_type_a, o, net);
  REQUIRE(t);
  REQUIRE(t->failure);
  CHECK(t->failure->find("query limit reached (20 queries)") != std::string::npos);
  CHECK(net.sent.size() == 20);
}

TEST_CASE("a referral back to the same zone (a referral loop) is lame, not followed again", "[dns][trace][hostile]") {
  FakeTransport net([](const std::string&, Protocol, const Message& q) {
    const std::string qn = q.questions[0].name;
    (void)qn;
    return refer("test.", "ns.test.", "10.0.0.2");  // the root and test.'s server both say: ask test.
  });
  auto t = trace("www.test", k_type_a, delegation_options(), net);
  REQUIRE(t);
  REQUIRE(t->failure);
  bool named = false;
  for (const auto& p : t->problems) named = named || p.problem == "lame: sideways referral";
  CHECK(named);
  CHECK(net.sent.size() < 10);
}

TEST_CASE("a compression pointer past the end of the message is rejected", "[dns][parser][hostile]") {
  std::vector<std::uint8_t> b = {0x12, 0x34, 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0};
  for (const char* label : {"\3www", "\4test"}) b.insert(b.end(), label, label + 1 + label[0]);
  b.push_back(0);
  b.insert(b.end(), {0, 1, 0, 1});  // QTYPE A, QCLASS IN
  // The answer's owner points at offset 0x3FF0, far past the message's end.
  b.insert(b.end(), {0xFF, 0xF0, 0, 1, 0, 1, 0, 0, 1, 0x2C, 0, 4, 192, 0, 2, 1});
  auto m = parse_message(b);
  REQUIRE_FALSE(m);
  CHECK(m.error().message.find("pointer") != std::string::npos);
}
