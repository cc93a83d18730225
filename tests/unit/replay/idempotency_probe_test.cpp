#include <catch2/catch.hpp>
#include <map>
#include <mutex>

#include "core/replay/idempotency_probe.hpp"
#include "fakes.hpp"

using namespace sonde::replay;

namespace {

// An in-process order service. Sends are serialised by a mutex, so copies never overlap: the
// in-flight race (no lock) is covered by tests/integration/replay against a real server.
class OrderService final : public Sender {
 public:
  enum class Mode { correct, no_store, no_fingerprint, always_500 };
  explicit OrderService(Mode mode) : mode_(mode) {}

  SendResult send(const Request& request, Duration) override {
    std::lock_guard lock(mutex_);
    if (request.url.ends_with("/count")) return Response{200, "", {}, std::to_string(orders_)};
    if (mode_ == Mode::always_500) return Response{500, "", {}, "boom"};
    auto key = header_value(request.headers, "Idempotency-Key");
    if (key && mode_ != Mode::no_store) {
      if (auto it = store_.find(*key); it != store_.end()) {
        if (mode_ == Mode::correct && it->second.first != request.body) return Response{422, "", {}, "mismatch"};
        Response replay = it->second.second;
        replay.headers.push_back({"Idempotent-Replayed", "true"});
        return replay;
      }
    }
    ++orders_;
    Response created{201, "", {{"Location", "/orders/" + std::to_string(orders_)}}, "{\"id\":" + std::to_string(orders_) + "}"};
    if (key) store_[*key] = {request.body, created};
    return created;
  }

 private:
  Mode mode_;
  std::mutex mutex_;
  int orders_ = 0;
  std::map<std::string, std::pair<std::string, Response>> store_;
};

ProbeReport run(OrderService::Mode mode, bool count = true) {
  OrderService service(mode);
  fakes::FixedRandom random(0.5);
  ProbeOptions options;
  options.request.method = "POST";
  options.request.url = "http://orders.test/orders";
  options.request.body = R"({"sku":"a1"})";
  options.count_url = count ? "http://orders.test/orders/count" : "";
  options.concurrency = 3;
  options.rounds = 2;
  return probe_idempotency(options, service, random);
}

Verdict step(const ProbeReport& r, std::string_view name) {
  for (const auto& s : r.steps) {
    if (s.name == name) return s.verdict;
  }
  FAIL("no step " << name);
  return Verdict::inconclusive;
}

}  // namespace

TEST_CASE("probe: a correct implementation passes every step", "[replay][probe]") {
  auto r = run(OrderService::Mode::correct);
  CHECK(r.verdict == Verdict::pass);
  REQUIRE(r.steps.size() == 5);
  for (const auto& s : r.steps) CHECK(s.verdict == Verdict::pass);
  CHECK_THAT(r.steps[1].evidence, Catch::Contains("Idempotent-Replayed: true"));
  CHECK_THAT(r.steps[4].evidence, Catch::Contains("expected +3"));
}

TEST_CASE("probe: ignoring the key fails, with the second resource as evidence", "[replay][probe]") {
  auto r = run(OrderService::Mode::no_store);
  CHECK(r.verdict == Verdict::fail);
  CHECK(step(r, "same-key-same-body") == Verdict::fail);
  CHECK(step(r, "same-key-different-body") == Verdict::fail);
  CHECK(step(r, "concurrent-same-key") == Verdict::fail);
  CHECK(step(r, "side-effect-count") == Verdict::fail);
  CHECK_THAT(r.steps[1].evidence, Catch::Contains("/orders/2"));
}

TEST_CASE("probe: no fingerprint is a warning, not a failure", "[replay][probe]") {
  auto r = run(OrderService::Mode::no_fingerprint);
  CHECK(r.verdict == Verdict::warn);
  CHECK(step(r, "same-key-different-body") == Verdict::warn);
  CHECK(step(r, "side-effect-count") == Verdict::pass);
}

TEST_CASE("probe: without --count-url step 5 is inconclusive and the rest stands", "[replay][probe]") {
  auto r = run(OrderService::Mode::correct, false);
  CHECK(step(r, "side-effect-count") == Verdict::inconclusive);
  CHECK(r.verdict == Verdict::pass);
}

TEST_CASE("probe: a first request that does not succeed makes the whole run inconclusive", "[replay][probe]") {
  auto r = run(OrderService::Mode::always_500);
  CHECK(r.verdict == Verdict::inconclusive);
  CHECK(r.steps.size() == 1);
  CHECK_FALSE(r.unreachable);
}
