#pragma once
/// Per-host protection for batches: a retry budget (retries may add at most `percent` % to the
/// attempts sent to one host, plus a floor of `min_retries`) and a circuit breaker (open after
/// `threshold` consecutive failures, one half-open probe after `cooldown`). Thread-safe.
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/replay/retry_policy.hpp"
#include "core/util/clock.hpp"

namespace sonde::replay {

struct GuardOptions {
  int budget_percent = 20;   ///< retries per host <= min_retries + percent % of first attempts
  int min_retries = 10;
  int breaker_threshold = 5;  ///< consecutive failures that open the circuit; 0 disables it
  Duration breaker_cooldown = std::chrono::seconds(5);
};

/// "http://host:8080/path" -> "host:8080" (the key budgets and breakers are kept under).
std::string host_of(const std::string& url);

class HostGuard {
 public:
  HostGuard(GuardOptions options, Clock& clock) : options_(options), clock_(clock) {}
  /// Nullopt when an attempt to `host` may go out now (a half-open circuit lets one through);
  /// otherwise why not.
  std::optional<std::string> may_send(const std::string& host, bool is_retry);
  /// Records an attempt's outcome: `failed` for no response, 5xx or 429.
  void record(const std::string& host, bool failed);

 private:
  enum class State { closed, open, half_open };
  struct Host {
    int first_attempts = 0;
    int retries = 0;
    int consecutive_failures = 0;
    State state = State::closed;
    Clock::time_point opened_at{};
    bool probe_in_flight = false;
  };
  std::optional<std::string> breaker_allows(Host& h);

  GuardOptions options_;
  Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Host> hosts_;
};

}  // namespace sonde::replay
