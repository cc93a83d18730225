#pragma once
/// The retry policy as pure functions: which outcomes are retried for which method, and how long
/// to back off. Defaults follow issue 7: 2 retries, full jitter, base 0.5 s for errors and 1 s for
/// throttling (429), cap 20 s, 10 s per attempt, 30 s deadline.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/net/curl_error.hpp"
#include "core/replay/random_source.hpp"

namespace sonde::replay {

using Duration = std::chrono::nanoseconds;

/// How the backoff delay is randomised (AWS Architecture Blog, "Exponential Backoff And Jitter").
enum class Jitter { full, equal, decorrelated, none };

struct RetryPolicy {
  int retries = 2;  ///< retries after the first attempt
  Jitter jitter = Jitter::full;
  Duration error_base = std::chrono::milliseconds(500);
  Duration throttle_base = std::chrono::seconds(1);
  Duration cap = std::chrono::seconds(20);
  Duration attempt_timeout = std::chrono::seconds(10);
  Duration deadline = std::chrono::seconds(30);  ///< total, waits included
  bool force_retry = false;                      ///< retry POST/PATCH without a key
};

/// "full" -> Jitter::full; nullopt for an unknown name.
std::optional<Jitter> parse_jitter(std::string_view name);
std::string_view jitter_name(Jitter jitter);

/// What one attempt produced, reduced to what the retry decision needs.
struct AttemptOutcome {
  std::optional<int> status;                           ///< set when a response arrived
  net::TransferFailure failure = net::TransferFailure::none;  ///< set when none arrived
};

struct RetryDecision {
  bool retry = false;
  bool throttled = false;  ///< use the throttling base (429)
  std::string reason;      ///< e.g. "503", "404 (a 4xx is not retried)"; for a failure only the
                           ///< parenthesised part, e.g. " (POST without Idempotency-Key ...)"
};

/// Whether this outcome may be retried for `method`, given whether the request carries an
/// Idempotency-Key. Does not look at attempt counts or time.
RetryDecision decide_retry(const AttemptOutcome& outcome, std::string_view method, bool has_key,
                           bool force_retry);

/// True for statuses that are retried: 408, 429, 500, 502, 503, 504 (409 only with a key).
bool retryable_status(int status, bool has_key);

/// True for methods whose repetition has no extra effect (RFC 9110 section 9.2.2).
bool idempotent_method(std::string_view method);

/// The backoff before retry number `retry` (0 for the first retry). `previous` is the previous
/// delay, used by decorrelated jitter (pass zero on the first retry).
Duration backoff_delay(Jitter jitter, int retry, Duration base, Duration cap, Duration previous,
                       RandomSource& random);

}  // namespace sonde::replay
