#include "core/replay/attempt_runner.hpp"

#include <algorithm>
#include <cstdio>

#include "core/replay/server_wait.hpp"

namespace sonde::replay {

namespace {

struct Wait {
  Duration duration{};
  std::string source;
};

// The longer of what the server asked for and our own backoff: honouring Retry-After is a floor,
// and the backoff still spreads competing clients that were all told the same number.
Wait choose_wait(const RetryDecision& decision, const Response* response, const RetryPolicy& policy, int retry,
                 Duration previous, Clock& clock, RandomSource& random) {
  Duration base = decision.throttled ? policy.throttle_base : policy.error_base;
  Wait backoff{backoff_delay(policy.jitter, retry, base, policy.cap, previous, random),
               "backoff " + std::string(jitter_name(policy.jitter)) + " jitter"};
  if (!response) return backoff;
  auto server = server_requested_wait(response->headers, clock.wall_now());
  if (!server || server->wait < backoff.duration) return backoff;
  return {server->wait, server->source};
}

bool counts_as_failure(const SendResult& result) {
  return !result || result->status >= 500 || result->status == 429;
}

// Sends one attempt (after the rate limit's token) and fills in what came back.
void send_attempt(const Request& request, const RetryPolicy& policy, Sender& sender, Clock& clock,
                  const AttemptHooks& hooks, Clock::time_point start, Attempt& attempt, ReplayOutcome& out) {
  if (hooks.rate) clock.sleep_for(hooks.rate->reserve());
  attempt.started = clock.now() - start;
  Duration left = policy.deadline - attempt.started;
  if (left <= Duration::zero()) {
    // The wait for the rate limit used up the deadline: sending now would pass it.
    attempt.error = "not sent: the deadline passed while waiting for the rate limit";
    out.error = net::TransferError{net::TransferFailure::other, *attempt.error};
    out.response.reset();
    out.deadline_hit = true;
    return;
  }
  SendResult result = sender.send(request, std::max(Duration{std::chrono::milliseconds(1)}, std::min(policy.attempt_timeout, left)));
  attempt.elapsed = clock.now() - start - attempt.started;
  if (hooks.guard) hooks.guard->record(host_of(request.url), counts_as_failure(result));
  if (result) {
    attempt.status = result->status;
    out.response = std::move(*result);
    out.error.reset();
  } else {
    attempt.error = result.error().message;
    out.error = result.error();
    out.response.reset();
  }
}

}  // namespace

std::string format_duration(Duration d) {
  double ms = std::chrono::duration<double, std::milli>(d).count();
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000);
  }
  return buf;
}

ReplayOutcome run_attempts(const Request& request, const RetryPolicy& policy, Sender& sender, Clock& clock,
                           RandomSource& random, const AttemptHooks& hooks) {
  ReplayOutcome out;
  out.request = request;
  out.idempotency_key = header_value(request.headers, "Idempotency-Key");
  const bool has_key = out.idempotency_key.has_value();
  const std::string host = host_of(request.url);
  const auto start = clock.now();
  Duration previous{};
  auto record = [&](Attempt attempt) {
    if (hooks.observer) hooks.observer(attempt);
    out.attempts.push_back(std::move(attempt));
  };
  if (hooks.guard) {
    if (auto blocked = hooks.guard->may_send(host, false)) {
      out.error = net::TransferError{net::TransferFailure::other, *blocked + " (" + host + "); not sent"};
      record({{}, {}, std::nullopt, out.error->message, {}, out.error->message});
      return out;
    }
  }
  for (int retry = 0;; ++retry) {
    Attempt attempt;
    send_attempt(request, policy, sender, clock, hooks, start, attempt, out);
    AttemptOutcome outcome{attempt.status, out.error ? out.error->failure : net::TransferFailure::none};
    RetryDecision decision = decide_retry(outcome, request.method, has_key, policy.force_retry);
    attempt.reason = attempt.status ? decision.reason : *attempt.error + decision.reason;
    if (!decision.retry) {
      record(std::move(attempt));
      return out;
    }
    if (retry >= policy.retries) {
      attempt.reason += ", no retries left";
      record(std::move(attempt));
      return out;
    }
    Wait wait = choose_wait(decision, out.response ? &*out.response : nullptr, policy, retry, previous, clock,
                            random);
    Duration now_left = policy.deadline - (clock.now() - start);
    if (wait.duration >= now_left) {
      attempt.reason += ", " + wait.source + ": waiting " + format_duration(wait.duration) +
                        " would pass the deadline (" + format_duration(std::max(now_left, Duration{0})) + " left)";
      out.deadline_hit = true;
      record(std::move(attempt));
      return out;
    }
    if (hooks.guard) {
      if (auto blocked = hooks.guard->may_send(host, true)) {
        attempt.reason += ", not retried: " + *blocked;
        record(std::move(attempt));
        return out;
      }
    }
    attempt.reason += ", " + wait.source;
    attempt.delay = wait.duration;
    previous = wait.duration;
    record(std::move(attempt));
    clock.sleep_for(wait.duration);
  }
}

}  // namespace sonde::replay
