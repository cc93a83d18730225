#pragma once
/// Runs many requests (a .http file or a HAR): up to `concurrency` at once, every attempt through
/// an optional client-side rate limit, with a per-host retry budget and circuit breaker shared by
/// all of them. Outcomes come back in input order.
#include <functional>
#include <optional>
#include <vector>

#include "core/replay/attempt_runner.hpp"
#include "core/replay/host_guard.hpp"

namespace sonde::replay {

struct BatchOptions {
  int concurrency = 1;
  /// The whole batch's limit (--batch-deadline): each request's own deadline is cut to what is
  /// left, and requests not started by then are reported as not sent. nullopt: no limit.
  std::optional<Duration> deadline;
  std::optional<double> rate_per_second;  ///< nullopt: no client-side limit
  GuardOptions guard;
};

/// Told about each attempt of request number `index` (called from worker threads, one at a time).
using BatchObserver = std::function<void(std::size_t index, const Attempt&)>;

/// Told that request number `index` is about to be sent (same threading as BatchObserver).
using BatchStart = std::function<void(std::size_t index)>;

/// Runs `requests`; `sender` and `clock` must be thread-safe when concurrency > 1.
std::vector<ReplayOutcome> run_batch(const std::vector<Request>& requests, const RetryPolicy& policy,
                                     const BatchOptions& options, Sender& sender, Clock& clock,
                                     RandomSource& random, const BatchObserver& observer = {},
                                     const BatchStart& on_start = {});

}  // namespace sonde::replay
