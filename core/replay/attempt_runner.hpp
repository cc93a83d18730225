#pragma once
/// Runs one logical request: attempts, decisions, waits (the longer of the server's and the
/// backoff) and the deadline, all against an injected Clock so tests never sleep.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/replay/host_guard.hpp"
#include "core/replay/random_source.hpp"
#include "core/replay/request.hpp"
#include "core/replay/retry_policy.hpp"
#include "core/replay/sender.hpp"
#include "core/replay/token_bucket.hpp"
#include "core/util/clock.hpp"

namespace sonde::replay {

struct Attempt {
  Duration started{};                 ///< since the start of the first attempt
  Duration elapsed{};                 ///< how long this attempt took
  std::optional<int> status;          ///< when a response arrived
  std::optional<std::string> error;   ///< when none did, e.g. "connection refused"
  Duration delay{};                   ///< wait after this attempt (0 for the last)
  std::string reason;                 ///< why retried or why stopped, e.g. "503, Retry-After: 2"
};

struct ReplayOutcome {
  Request request;                        ///< exactly as sent on every attempt
  std::optional<std::string> idempotency_key;
  std::vector<Attempt> attempts;
  std::optional<Response> response;       ///< of the last attempt
  std::optional<net::TransferError> error;  ///< of the last attempt, when it got no response
  bool deadline_hit = false;              ///< stopped because the deadline would pass
};

/// Called with each attempt as soon as its outcome and wait are known (before the wait).
using AttemptObserver = std::function<void(const Attempt&)>;

/// Optional extras for batches: a progress observer, per-host budget and breaker, a rate limit.
struct AttemptHooks {
  AttemptObserver observer;
  HostGuard* guard = nullptr;   ///< consulted before every attempt, told every outcome
  TokenBucket* rate = nullptr;  ///< every attempt (retries too) takes a token first
};

/// Sends `request` (already carrying its Idempotency-Key, if any) until it succeeds, fails in a
/// way that is not retried, runs out of retries (or retry budget), or the next wait would pass
/// the deadline. An open circuit stops it before sending.
ReplayOutcome run_attempts(const Request& request, const RetryPolicy& policy, Sender& sender, Clock& clock,
                           RandomSource& random, const AttemptHooks& hooks = {});

/// "1.5 s" / "250 ms": durations the way the timeline prints them.
std::string format_duration(Duration d);

}  // namespace sonde::replay
