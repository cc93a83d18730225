#pragma once
/// What `sonde replay` parses from its command line, and how that becomes the engine's options.
#include <string>
#include <vector>

#include "cli/output_options.hpp"
#include "core/replay/batch_runner.hpp"
#include "core/replay/http_sender.hpp"
#include "core/replay/idempotency_key.hpp"
#include "core/replay/retry_policy.hpp"
#include "core/util/error.hpp"

namespace sonde::cli {

struct ReplayArgs {
  std::string target;                ///< FILE.http or URL
  std::string method;                ///< -X
  std::vector<std::string> headers;  ///< -H "Name: value"
  std::vector<std::string> data;     ///< -d (joined with '&', like curl)
  std::string curl;                  ///< --curl "curl ..."
  std::string har;                   ///< --har FILE
  std::string filter;                ///< --filter REGEX (HAR)
  std::string name;                  ///< --name (request name in a .http file)
  std::string env;                   ///< --env (http-client.env.json environment)
  int retries = 2;
  std::string jitter = "full";
  // Durations in the one syntax of core/util/duration.hpp (250ms, 1.5s, 2m, bare = seconds).
  std::string backoff_base = "0.5s";
  std::string backoff_cap = "20s";
  std::string attempt_timeout = "10s";
  std::string deadline = "30s";
  std::string batch_deadline;        ///< empty: no limit on the whole batch
  std::string max_body = "64MiB";    ///< most response body kept per attempt
  std::string idempotency_key;       ///< empty: auto for POST/PATCH only
  bool force_retry = false;
  std::vector<std::string> redact;
  bool include = false;              ///< -i
  bool dry_run = false;
  bool print_curl = false;
  bool check_idempotency = false;
  std::string count_url;
  int concurrency = 0;               ///< 0: 1 for a batch, 5 copies for --check-idempotency
  int rounds = 3;
  std::string rate;                  ///< --rate 20/s
  int retry_budget = 20;             ///< percent
  int breaker = 5;                   ///< consecutive failures; 0 disables
  std::string breaker_cooldown = "5s";
  std::string cacert;
  bool insecure = false;
  OutputOptions output;
};

/// The retry policy the flags describe; fails on values out of range.
Result<replay::RetryPolicy> to_policy(const ReplayArgs& args);

/// The Idempotency-Key setting the flags describe.
replay::KeySetting to_key_setting(const ReplayArgs& args);

/// Concurrency, rate limit, retry budget and circuit breaker for a batch.
Result<replay::BatchOptions> to_batch_options(const ReplayArgs& args);

/// TLS options and the body limit for the sender.
Result<replay::TransportOptions> to_transport(const ReplayArgs& args);

/// --attempt-timeout as a duration (already validated by to_policy).
replay::Duration attempt_timeout(const ReplayArgs& args);

}  // namespace sonde::cli
