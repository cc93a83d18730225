#pragma once
/// The failures `sonde mock` injects: added latency, failed responses, rate limiting and dropped
/// connections, parsed from option values and drawn per request from a seeded random source.
#include <chrono>
#include <optional>
#include <random>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde::mock {

using Millis = std::chrono::milliseconds;

struct LatencyRange {
  Millis min{0};
  Millis max{0};  ///< equal to min for a fixed latency
};

struct FailRate {
  double probability = 0.0;  ///< 0..1
  int status = 503;
};

struct RateLimit {
  double per_second = 0.0;  ///< 0 = no limit
};

struct FaultPlan {
  LatencyRange latency;
  FailRate fail;
  RateLimit rate_limit;
  double reset_probability = 0.0;  ///< drop the connection mid-response
};

/// What happens to one request.
struct FaultDecision {
  Millis delay{0};
  std::optional<int> fail_status;
  bool reset = false;
};

/// "50ms", "1.5s", "200us", "2m" → milliseconds (sub-millisecond values round up).
Result<Millis> parse_duration(std::string_view text);

/// "50ms" or "50ms..200ms".
Result<LatencyRange> parse_latency(std::string_view text);

/// "0.2:503" (probability:status; status defaults to 503 when omitted).
Result<FailRate> parse_fail_rate(std::string_view text);

/// "5/s", "300/m", "10/h".
Result<RateLimit> parse_rate_limit(std::string_view text);

/// A probability between 0 and 1, e.g. "0.1".
Result<double> parse_probability(std::string_view text, std::string_view option);

/// Draws the faults for one request (rate limiting is decided by a TokenBucket, not here).
FaultDecision draw(const FaultPlan& plan, std::mt19937_64& random);

}  // namespace sonde::mock
