#include "core/replay/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/replay/request.hpp"

namespace sonde::replay {

namespace {

struct JitterName {
  Jitter jitter;
  std::string_view name;
};
constexpr std::array<JitterName, 4> k_jitters{{
    {Jitter::full, "full"}, {Jitter::equal, "equal"}, {Jitter::decorrelated, "decorrelated"}, {Jitter::none, "none"}}};

bool retryable_failure(net::TransferFailure failure) {
  switch (failure) {
    case net::TransferFailure::connect_refused:
    case net::TransferFailure::connect_timeout:
    case net::TransferFailure::connection_reset:
    case net::TransferFailure::timeout: return true;
    default: return false;
  }
}

}  // namespace

std::optional<Jitter> parse_jitter(std::string_view name) {
  for (const auto& j : k_jitters) {
    if (j.name == name) return j.jitter;
  }
  return std::nullopt;
}

std::string_view jitter_name(Jitter jitter) {
  for (const auto& j : k_jitters) {
    if (j.jitter == jitter) return j.name;
  }
  return "full";
}

bool retryable_status(int status, bool has_key) {
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504: return true;
    // draft-ietf-httpapi-idempotency-key-header: 409 means "the first request with this key is
    // still being processed", which is worth waiting for only when we sent a key.
    case 409: return has_key;
    default: return false;
  }
}

bool idempotent_method(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"}) {
    if (iequals(m, method)) return true;
  }
  return false;
}

RetryDecision decide_retry(const AttemptOutcome& outcome, std::string_view method, bool has_key,
                           bool force_retry) {
  RetryDecision d;
  if (outcome.status) {
    int s = *outcome.status;
    d.reason = std::to_string(s);
    if (s < 400) return d;
    if (!retryable_status(s, has_key)) {
      d.reason += s < 500 ? " (a 4xx is not retried)" : " (not a retryable status)";
      return d;
    }
    if (s == 409) d.reason += " (still in flight for this key)";
    d.throttled = s == 429;
  } else {
    // The runner puts the failure's own words in front of this.
    if (!retryable_failure(outcome.failure)) {
      d.reason = " (not a retryable failure)";
      return d;
    }
  }
  bool safe = idempotent_method(method) || has_key || force_retry ||
              (!outcome.status && net::request_never_sent(outcome.failure));
  if (!safe) {
    d.reason += " (" + std::string(method) + " without Idempotency-Key is not retried; see --force-retry)";
    return d;
  }
  d.retry = true;
  return d;
}

Duration backoff_delay(Jitter jitter, int retry, Duration base, Duration cap, Duration previous,
                       RandomSource& random) {
  const double base_s = std::chrono::duration<double>(base).count();
  const double cap_s = std::chrono::duration<double>(cap).count();
  const double exp_s = std::min(cap_s, base_s * std::ldexp(1.0, std::clamp(retry, 0, 62)));
  double delay_s = exp_s;
  switch (jitter) {
    case Jitter::none: break;
    case Jitter::full: delay_s = random.uniform(0.0, exp_s); break;
    case Jitter::equal: delay_s = exp_s / 2 + random.uniform(0.0, exp_s / 2); break;
    case Jitter::decorrelated: {
      double prev_s = std::max(base_s, std::chrono::duration<double>(previous).count());
      delay_s = std::min(cap_s, random.uniform(base_s, prev_s * 3));
      break;
    }
  }
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(delay_s));
}

}  // namespace sonde::replay
