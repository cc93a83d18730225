#include <catch2/catch.hpp>

#include "core/mock/idempotency_store.hpp"

using namespace sonde::mock;

namespace {

Admission::Kind admit(IdempotencyStore& store, const std::string& key, const std::string& body) {
  auto admission = store.begin("POST /orders", key, body);
  if (admission.kind == Admission::Kind::proceed) store.complete("POST /orders", key, {201, {}, "{}"});
  return admission.kind;
}

}  // namespace

TEST_CASE("a reused key is replayed, or refused with another body", "[mock][idempotency]") {
  IdempotencyStore store(IdempotencyMode::correct);
  CHECK(admit(store, "k1", "a") == Admission::Kind::proceed);
  CHECK(admit(store, "k1", "a") == Admission::Kind::replay);
  CHECK(admit(store, "k1", "b") == Admission::Kind::mismatch);
}

TEST_CASE("the store holds at most its capacity of keys, forgetting the oldest", "[mock][idempotency]") {
  IdempotencyStore store(IdempotencyMode::correct, 2);
  admit(store, "k1", "a");
  admit(store, "k2", "a");
  admit(store, "k3", "a");
  CHECK(store.size() == 2);
  // k1 was forgotten: a new body under it acts again instead of being refused.
  CHECK(admit(store, "k1", "b") == Admission::Kind::proceed);
  // k2 went when k1 came back; k3 is still known.
  CHECK(admit(store, "k3", "b") == Admission::Kind::mismatch);
  CHECK(admit(store, "k2", "b") == Admission::Kind::proceed);
}

TEST_CASE("an abandoned key leaves no trace in the age order", "[mock][idempotency]") {
  IdempotencyStore store(IdempotencyMode::correct, 2);
  for (int i = 0; i < 1000; ++i) {
    auto key = "k" + std::to_string(i);
    REQUIRE(store.begin("POST /orders", key, "a").kind == Admission::Kind::proceed);
    store.abandon("POST /orders", key);
  }
  CHECK(store.size() == 0);
  admit(store, "x", "a");
  admit(store, "y", "a");
  CHECK(admit(store, "x", "b") == Admission::Kind::mismatch);
}

TEST_CASE("the default capacity bounds a flood of fresh keys", "[mock][idempotency]") {
  IdempotencyStore store(IdempotencyMode::correct);
  for (std::size_t i = 0; i < k_idempotency_capacity + 500; ++i) admit(store, "flood-" + std::to_string(i), "a");
  CHECK(store.size() == k_idempotency_capacity);
}
