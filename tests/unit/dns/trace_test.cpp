#include <catch2/catch.hpp>

#include <map>

#include "core/dns/reply_classifier.hpp"
#include "core/dns/trace.hpp"
#include "fake_dns.hpp"

using namespace sonde::dns;
using fake_dns::Behaviour;
using fake_dns::FakeTransport;
using fake_dns::RR;

namespace {

constexpr std::uint16_t A = 1, NS = 2, CNAME = 5, SOA = 6;

TraceOptions options(std::vector<NameServer> roots) {
  TraceOptions o;
  o.root_hints = std::move(roots);
  o.timeout = std::chrono::milliseconds(5000);
  o.stagger = std::chrono::milliseconds(200);
  o.ipv6 = false;
  return o;
}

Behaviour referral(const std::string& zone, std::vector<std::pair<std::string, std::string>> servers, bool glue = true) {
  Behaviour b;
  for (const auto& [ns, address] : servers) {
    b.message.authority.push_back({zone, NS, 172800, fake_dns::name(ns)});
    if (glue) {
      unsigned x[4];
      std::sscanf(address.c_str(), "%u.%u.%u.%u", &x[0], &x[1], &x[2], &x[3]);
      b.message.additional.push_back({ns, A, 172800, fake_dns::a(static_cast<std::uint8_t>(x[0]), static_cast<std::uint8_t>(x[1]), static_cast<std::uint8_t>(x[2]), static_cast<std::uint8_t>(x[3]))});
    }
  }
  return b;
}

Behaviour answer_a(const std::string& owner, std::uint8_t last) {
  Behaviour b;
  b.message.aa = true;
  b.message.answer.push_back({owner, A, 300, fake_dns::a(192, 0, 2, last)});
  return b;
}

Behaviour rcode(std::uint16_t code) {
  Behaviour b;
  b.message.rcode = code;
  return b;
}

std::vector<std::string> labels(const TraceResult& t) {
  std::vector<std::string> out;
  for (const auto& p : t.problems) out.push_back(p.server + " " + p.problem);
  return out;
}

}  // namespace

TEST_CASE("a silent server costs the stagger, not its timeout", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    if (address == "10.0.0.1") return Behaviour{Behaviour::silent, {}, 0};
    return answer_a(q.questions[0].name, 1);
  });
  auto t = trace("www.test", A, options({{"r1.", {"10.0.0.1"}}, {"r2.", {"10.0.0.2"}}}), net);
  REQUIRE(t);
  REQUIRE(t->answer.size() == 1);
  CHECK(t->answer[0].data == "192.0.2.1");
  CHECK(net.now_ms < 1000.0);
  REQUIRE(t->problems.size() == 1);
  CHECK(t->problems[0].problem.rfind("slow: no reply", 0) == 0);
  CHECK(net.pending() == 0);
}

TEST_CASE("a healthy zone costs one query per zone cut", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    if (address == "10.0.0.1") return referral("test.", {{"ns.test.", "10.0.1.1"}, {"ns2.test.", "10.0.1.2"}});
    return answer_a(q.questions[0].name, 7);
  });
  auto t = trace("www.test.", A, options({{"r1.", {"10.0.0.1"}}, {"r2.", {"10.0.0.2"}}}), net);
  REQUIRE(t);
  CHECK(t->queries == 2);
  CHECK(t->problems.empty());
  REQUIRE(t->steps.size() == 2);
  CHECK(t->steps[0].referral->zone == "test.");
  CHECK(t->steps[1].depth == 1);
}

TEST_CASE("lame servers are labelled and skipped", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    if (address == "10.0.0.1") {
      return referral("lame.test.", {{"dead.lame.test.", "10.9.9.9"}, {"refused.lame.test.", "10.0.2.1"},
                                     {"up.lame.test.", "10.0.0.9"}, {"servfail.lame.test.", "10.0.2.2"},
                                     {"noaa.lame.test.", "10.0.2.3"}, {"good.lame.test.", "10.0.10.1"}});
    }
    if (address == "10.9.9.9") return Behaviour{Behaviour::unreachable, {}, 0.1};
    if (address == "10.0.2.1") return rcode(5);
    if (address == "10.0.2.2") return rcode(2);
    if (address == "10.0.0.9") return referral(".", {{"r1.", "10.0.0.1"}});
    if (address == "10.0.2.3") {
      Behaviour b = answer_a(q.questions[0].name, 66);
      b.message.aa = false;
      return b;
    }
    return answer_a(q.questions[0].name, 53);
  });
  auto t = trace("www.lame.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(t);
  REQUIRE(t->answer.size() == 1);
  CHECK(t->answer[0].data == "192.0.2.53");
  CHECK(labels(*t) == std::vector<std::string>{
                          "dead.lame.test. (10.9.9.9) lame: unreachable", "refused.lame.test. (10.0.2.1) lame: REFUSED",
                          "up.lame.test. (10.0.0.9) lame: upward referral", "servfail.lame.test. (10.0.2.2) lame: SERVFAIL",
                          "noaa.lame.test. (10.0.2.3) lame: not authoritative"});
}

TEST_CASE("a zone that showed a lame server is swept: later lame servers are named too", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    if (address == "10.0.0.1") {
      return referral("lame.test.", {{"dead.lame.test.", "10.9.9.9"}, {"good.lame.test.", "10.0.10.1"},
                                     {"refused.lame.test.", "10.0.2.1"}, {"silent.lame.test.", "10.0.2.9"},
                                     {"big.lame.test.", "10.0.2.8"}, {"also.lame.test.", "10.0.10.2"}});
    }
    if (address == "10.9.9.9") return Behaviour{Behaviour::unreachable, {}, 0.1};
    if (address == "10.0.2.1") return rcode(5);
    if (address == "10.0.2.9") return Behaviour{Behaviour::silent, {}, 0};
    if (address == "10.0.2.8") {
      Behaviour b;
      b.message.tc = true;  // truncated: nothing to judge, and not worth a TCP query
      return b;
    }
    return answer_a(q.questions[0].name, 53);
  });
  auto t = trace("www.lame.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(t);
  REQUIRE(t->answer.size() == 1);
  CHECK(t->answer[0].data == "192.0.2.53");
  // The race stopped at good.lame.test.; the sweep named refused.lame.test. as well. The silent
  // and the truncated server are notes, not problems: a sweep gives them no second chance.
  CHECK(labels(*t) == std::vector<std::string>{"dead.lame.test. (10.9.9.9) lame: unreachable",
                                               "refused.lame.test. (10.0.2.1) lame: REFUSED"});
  std::map<std::string, std::string> notes;
  for (const auto& step : t->steps) notes[step.address] = step.note;
  CHECK(notes["10.0.2.9"].rfind("not checked: no reply within", 0) == 0);
  CHECK(notes["10.0.2.8"] == "truncated: not retried over TCP (the answer is known)");
  CHECK(notes["10.0.10.2"] == "usable too");
  CHECK(t->queries == 7);  // root, dead, good, then the four swept at once
  CHECK(net.now_ms < 1000.0);
  CHECK(net.pending() == 0);
}

TEST_CASE("a healthy zone is not swept", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    if (address == "10.0.0.1") return referral("ok.test.", {{"a.ok.test.", "10.0.10.1"}, {"b.ok.test.", "10.0.2.1"}});
    if (address == "10.0.2.1") return rcode(5);  // lame, but never asked: the first server answers
    return answer_a(q.questions[0].name, 7);
  });
  auto t = trace("www.ok.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(t);
  CHECK(t->problems.empty());
  CHECK(t->queries == 2);
}

TEST_CASE("every server lame: a failure with the reason, no answer", "[dns][trace]") {
  FakeTransport net([](const std::string&, Protocol, const Message&) { return rcode(5); });
  auto t = trace("www.test", A, options({{"r1.", {"10.0.0.1"}}, {"r2.", {"10.0.0.2"}}}), net);
  REQUIRE(t);
  CHECK(t->failure);
  CHECK(t->rcode.empty());
  CHECK(t->problems.size() == 2);
}

TEST_CASE("a reply to another question is ignored and counted", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    Behaviour b = answer_a(q.questions[0].name, 1);
    if (address == "10.0.0.1") b.message.qname_override = "evil.test.";
    return b;
  });
  auto t = trace("www.test", A, options({{"r1.", {"10.0.0.1"}}, {"r2.", {"10.0.0.2"}}}), net);
  REQUIRE(t);
  CHECK(t->ignored_replies == 1);
  REQUIRE(t->answer.size() == 1);
  CHECK(t->answer[0].name == "www.test.");
}

TEST_CASE("a truncated reply is a step, then the same server over TCP", "[dns][trace]") {
  FakeTransport net([](const std::string&, Protocol p, const Message& q) {
    Behaviour b = answer_a(q.questions[0].name, 1);
    if (p == Protocol::udp) {
      b.message.tc = true;
      b.message.answer.clear();
    }
    return b;
  });
  auto t = trace("big.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(t);
  REQUIRE(t->steps.size() == 2);
  CHECK(t->steps[0].transport == Protocol::udp);
  CHECK(t->steps[0].note.find("TCP") != std::string::npos);
  CHECK(t->steps[1].transport == Protocol::tcp);
  CHECK(t->steps[1].address == "10.0.0.1");
  CHECK(t->answer.size() == 1);
}

TEST_CASE("glueless name servers are resolved by a nested trace", "[dns][trace]") {
  FakeTransport net([](const std::string& address, Protocol, const Message& q) {
    const std::string qn = q.questions[0].name;
    if (address == "10.0.0.1") {
      if (qn == "ns.other.") return referral("other.", {{"ns.other.", "10.0.3.1"}});
      return referral("test.", {{"ns.other.", ""}}, false);
    }
    if (address == "10.0.3.1") return answer_a(qn, qn == "ns.other." ? 31 : 99);
    if (address == "192.0.2.31") return answer_a(qn, 42);
    return rcode(5);
  });
  auto t = trace("www.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(t);
  REQUIRE(t->answer.size() == 1);
  CHECK(t->answer[0].data == "192.0.2.42");
  const auto& last = t->steps.back();
  REQUIRE(last.lookups.size() == 1);
  CHECK(last.lookups[0].name == "ns.other.");
  CHECK(last.lookups[0].addresses == std::vector<std::string>{"192.0.2.31"});
}

TEST_CASE("CNAME chains are followed across zones and loops stop the trace", "[dns][trace]") {
  FakeTransport net([](const std::string&, Protocol, const Message& q) {
    const std::string qn = q.questions[0].name;
    Behaviour b;
    b.message.aa = true;
    if (qn == "a.test.") b.message.answer.push_back({qn, CNAME, 60, fake_dns::name("b.example.")});
    if (qn == "b.example.") b.message.answer.push_back({qn, CNAME, 60, fake_dns::name("c.test.")});
    if (qn == "c.test.") return answer_a(qn, 5);
    if (qn == "loop1.test.") b.message.answer.push_back({qn, CNAME, 60, fake_dns::name("loop2.test.")});
    if (qn == "loop2.test.") b.message.answer.push_back({qn, CNAME, 60, fake_dns::name("loop1.test.")});
    return b;
  });
  auto t = trace("a.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(t);
  REQUIRE(t->answer.size() == 3);
  CHECK(t->answer[2].data == "192.0.2.5");
  auto loop = trace("loop1.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(loop);
  REQUIRE(loop->failure);
  CHECK(loop->failure->find("loop") != std::string::npos);
}

TEST_CASE("NXDOMAIN and NODATA carry the SOA and the negative TTL", "[dns][trace]") {
  FakeTransport net([](const std::string&, Protocol, const Message& q) {
    Behaviour b;
    b.message.aa = true;
    b.message.rcode = q.questions[0].name == "nope.test." ? 3 : 0;
    b.message.authority.push_back({"test.", SOA, 900, fake_dns::soa("ns.test.")});
    return b;
  });
  auto nx = trace("nope.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(nx);
  CHECK(nx->rcode == "NXDOMAIN");
  CHECK_FALSE(nx->nodata);
  CHECK(nx->negative_ttl == 300u);
  auto nodata = trace("here.test", A, options({{"r1.", {"10.0.0.1"}}}), net);
  REQUIRE(nodata);
  CHECK(nodata->rcode == "NOERROR");
  CHECK(nodata->nodata);
  CHECK(nodata->authority.size() == 1);
}

TEST_CASE("the query limit bounds a trace", "[dns][trace]") {
  FakeTransport net([](const std::string&, Protocol, const Message&) { return Behaviour{Behaviour::silent, {}, 0}; });
  auto o = options({{"r1.", {"10.0.0.1"}}, {"r2.", {"10.0.0.2"}}, {"r3.", {"10.0.0.3"}}});
  o.max_queries = 2;
  auto t = trace("www.test", A, o, net);
  REQUIRE(t);
  CHECK(t->failure);
  CHECK(net.sent.size() == 2);
}

TEST_CASE("the classifier tells referrals from upward and sideways ones", "[dns][classify]") {
  Message m;
  m.header.qr = true;
  m.authority.push_back({"shop.test.", NS, 1, 1, "ns1.shop.test."});
  CHECK(classify(m, "www.shop.test.", "test.").verdict == Verdict::referral);
  CHECK(classify(m, "www.shop.test.", "shop.test.").problem == "lame: sideways referral");
  CHECK(classify(m, "www.a.b.shop.test.", "b.shop.test.").problem == "lame: upward referral");
  m.authority[0].name = "other.test.";
  CHECK(classify(m, "www.shop.test.", "test.").problem == "lame: sideways referral");
  m.authority.clear();
  CHECK(classify(m, "www.shop.test.", "shop.test.").problem == "lame: not authoritative");
  m.header.aa = true;
  CHECK(classify(m, "www.shop.test.", "shop.test.").verdict == Verdict::nodata);
}
