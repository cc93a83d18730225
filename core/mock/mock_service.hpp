#pragma once
/// The mock's brain: routes a request to an operation of the description, applies rate limits,
/// injected faults, credential and request checks and idempotency keys, and produces the response.
/// No sockets here (see http_server.hpp), so every decision is unit-testable.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "core/mock/exchange.hpp"
#include "core/mock/fault_plan.hpp"
#include "core/mock/idempotency_store.hpp"
#include "core/mock/request_validator.hpp"
#include "core/mock/resource_store.hpp"
#include "core/mock/router.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"
#include "core/util/clock.hpp"
#include "core/util/token_bucket.hpp"

namespace sonde::mock {

struct MockOptions {
  FaultPlan faults;                                 ///< for every operation
  std::map<std::string, FaultPlan> fault_overrides;  ///< by operationId or "GET /path" (--fault)
  IdempotencyMode idempotency = IdempotencyMode::correct;
  std::uint64_t seed = 0;  ///< 0: a random seed
  std::shared_ptr<Clock> clock;  ///< defaults to the system clock
  /// Check each request's parameters, media type and body (400/415/422 problem+json listing every
  /// violation); off (--no-validate-requests), any request of a documented operation is answered.
  bool validate_requests = true;
  bool stateful = false;   ///< --stateful: resources live in memory (resource_store.hpp)
  std::string state_file;  ///< --state-file: and persist there (implies stateful)
};

/// Parses one --fault value: "OPERATION=latency=50ms,fail-rate=0.5:503,reset-rate=0.1".
Result<std::pair<std::string, FaultPlan>> parse_fault_override(std::string_view text);

class MockService {
 public:
  /// Builds the routes; fails on an invalid `x-sonde-mock` extension (naming file:line).
  static Result<std::unique_ptr<MockService>> create(openapi::Document doc, MockOptions options);

  /// Answers one request. Thread-safe.
  MockResponse handle(const MockRequest& request);

  const openapi::View& view() const { return view_; }

  /// Requests with an unsafe method (POST, PUT, PATCH, DELETE) that acted: answered 2xx, neither
  /// replayed nor refused. Served at GET /__sonde/created for `sonde replay --count-url`.
  long created() const { return created_.load(); }

 private:
  MockService(openapi::Document doc, openapi::View view, MockOptions options);
  MockResponse answer(const openapi::Operation& op, const MockRequest& request, const RouteMatch& route,
                      const FaultDecision& decision);
  const FaultPlan& plan_for(std::size_t operation) const;

  openapi::Document doc_;
  openapi::View view_;
  MockOptions options_;
  Router router_;
  std::vector<FaultPlan> plans_;  ///< per operation (x-sonde-mock and --fault applied)
  std::vector<std::string> base_paths_;  ///< servers' path prefixes a client may include
  std::unique_ptr<TokenBucket> bucket_;
  IdempotencyStore store_;
  std::unique_ptr<RequestValidator> validator_;  ///< built once the document has its final address
  std::unique_ptr<ResourceStore> resources_;     ///< --stateful; null otherwise
  std::atomic<long> created_{0};
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace sonde::mock
