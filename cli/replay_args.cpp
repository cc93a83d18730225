#include "cli/replay_args.hpp"

#include <charconv>

#include "core/replay/token_bucket.hpp"
#include "core/util/duration.hpp"
#include "core/util/file_read.hpp"

namespace sonde::cli {

namespace {

Result<replay::Duration> seconds(const std::string& text, const char* option, bool allow_zero) {
  auto parsed = parse_duration(text, option, allow_zero);
  if (!parsed) return std::unexpected(parsed.error());
  return duration_as<replay::Duration>(*parsed);
}

// 1048576, 64KiB, 64MiB, 1GiB (K, M, G and KB, MB, GB read as binary units too).
Result<std::size_t> parse_size(const std::string& text, const char* option) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string unit(end, text.data() + text.size());
  int shift = unit.empty() || unit == "B" ? 0 : -1;
  if (unit == "K" || unit == "KB" || unit == "KiB") shift = 10;
  if (unit == "M" || unit == "MB" || unit == "MiB") shift = 20;
  if (unit == "G" || unit == "GB" || unit == "GiB") shift = 30;
  if (ec != std::errc{} || end == text.data() || shift < 0 || value == 0 || value > (std::size_t{1} << (62 - shift))) {
    return fail(ErrorKind::usage, "bad " + std::string(option) + " '" + text + "'", {}, "write a size: 1048576, 64KiB, 64MiB, 1GiB");
  }
  return value << shift;
}

}  // namespace

Result<replay::RetryPolicy> to_policy(const ReplayArgs& args) {
  replay::RetryPolicy policy;
  if (args.retries < 0 || args.retries > 100) {
    return fail(ErrorKind::usage, "--retries must be between 0 and 100", std::to_string(args.retries));
  }
  policy.retries = args.retries;
  auto jitter = replay::parse_jitter(args.jitter);
  if (!jitter) return fail(ErrorKind::usage, "--jitter must be full, equal, decorrelated or none", args.jitter);
  policy.jitter = *jitter;
  auto base = seconds(args.backoff_base, "--backoff-base", true);
  auto cap = seconds(args.backoff_cap, "--backoff-cap", true);
  auto attempt = seconds(args.attempt_timeout, "--attempt-timeout", false);
  auto deadline = seconds(args.deadline, "--deadline", false);
  for (const auto* r : {&base, &cap, &attempt, &deadline}) {
    if (!*r) return std::unexpected(r->error());
  }
  policy.error_base = *base;
  policy.throttle_base = 2 * *base;  // keeps the 0.5 s : 1 s ratio when the base changes
  policy.cap = *cap;
  policy.attempt_timeout = *attempt;
  policy.deadline = *deadline;
  policy.force_retry = args.force_retry;
  return policy;
}

replay::KeySetting to_key_setting(const ReplayArgs& args) {
  if (args.idempotency_key.empty()) return {};
  return replay::parse_key_setting(args.idempotency_key).value_or(replay::KeySetting{});
}

Result<replay::BatchOptions> to_batch_options(const ReplayArgs& args) {
  replay::BatchOptions options;
  options.concurrency = args.concurrency > 0 ? args.concurrency : 1;
  if (!args.rate.empty()) {
    options.rate_per_second = replay::parse_rate(args.rate);
    if (!options.rate_per_second) {
      return fail(ErrorKind::usage, "--rate must look like 20/s, 300/m or 1000/h", args.rate);
    }
  }
  if (args.retry_budget < 0 || args.retry_budget > 1000) {
    return fail(ErrorKind::usage, "--retry-budget must be a percentage between 0 and 1000",
                std::to_string(args.retry_budget));
  }
  if (args.breaker < 0) return fail(ErrorKind::usage, "--breaker must be >= 0", std::to_string(args.breaker));
  auto cooldown = seconds(args.breaker_cooldown, "--breaker-cooldown", false);
  if (!cooldown) return std::unexpected(cooldown.error());
  options.guard.budget_percent = args.retry_budget;
  options.guard.breaker_threshold = args.breaker;
  options.guard.breaker_cooldown = *cooldown;
  if (!args.batch_deadline.empty()) {
    auto deadline = seconds(args.batch_deadline, "--batch-deadline", false);
    if (!deadline) return std::unexpected(deadline.error());
    options.deadline = *deadline;
  }
  return options;
}

Result<replay::TransportOptions> to_transport(const ReplayArgs& args) {
  auto max_body = parse_size(args.max_body, "--max-body");
  if (!max_body) return std::unexpected(max_body.error());
  if (auto ok = check_library_file(args.cacert, "--cacert"); !ok) return std::unexpected(ok.error());
  return replay::TransportOptions{args.cacert, args.insecure, *max_body};
}

replay::Duration attempt_timeout(const ReplayArgs& args) {
  return seconds(args.attempt_timeout, "--attempt-timeout", false).value_or(std::chrono::seconds(10));
}

}  // namespace sonde::cli
