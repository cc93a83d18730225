#pragma once
/// Sending one generated case and judging its response; and asking the request validator whether
/// a case's serialised request really is what its intent claims (valid for a positive case,
/// invalid for a negative one). Shared by the phases, the stateful sequences and shrinking.
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/check/generate/case.hpp"
#include "core/check/generate/judge.hpp"
#include "core/check/generate/serialize.hpp"
#include "core/check/live_http.hpp"
#include "core/check/request_check.hpp"

namespace sonde::check::generate {

struct Outcome {
  LiveRequest request;
  std::optional<HttpExchange> response;  ///< nullopt: no response (see error)
  std::string body;                      ///< the response body as received (checks consume theirs)
  std::optional<Error> error;
  std::vector<Verdict> verdicts;
};

class Executor {
 public:
  /// All references must outlive the executor; it may be shared by worker threads, each with its
  /// own LiveClient.
  Executor(ContractChecker& checker, RequestChecker& requests, const Target& target, const std::set<std::string>& checks)
      : checker_(checker), requests_(requests), target_(target), checks_(checks) {}

  /// Whether the validator confirms the case's intent once serialised (positive: no violation;
  /// negative: some; missing header: a missing-parameter one). Cases with other intents pass.
  bool confirmed(const Case& c, const LiveRequest& request);

  /// Sends the case and judges the response.
  Outcome run(LiveClient& client, const Case& c, const LiveRequest& request);

  const Target& target() const { return target_; }
  const std::set<std::string>& checks() const { return checks_; }

 private:
  ContractChecker& checker_;
  RequestChecker& requests_;
  const Target& target_;
  const std::set<std::string>& checks_;
  std::mutex checker_mutex_;  ///< ContractChecker compiles schemas lazily: one thread at a time
};

}  // namespace sonde::check::generate
