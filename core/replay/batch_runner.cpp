#include "core/replay/batch_runner.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace sonde::replay {

namespace {

// The engines are not thread-safe; workers share one behind a lock.
class LockedRandom final : public RandomSource {
 public:
  explicit LockedRandom(RandomSource& inner) : inner_(inner) {}
  std::uint64_t bits() override {
    std::lock_guard lock(mutex_);
    return inner_.bits();
  }
  double unit() override {
    std::lock_guard lock(mutex_);
    return inner_.unit();
  }

 private:
  RandomSource& inner_;
  std::mutex mutex_;
};

ReplayOutcome not_sent(const Request& request, std::string why) {
  ReplayOutcome out;
  out.request = request;
  out.idempotency_key = header_value(request.headers, "Idempotency-Key");
  out.error = net::TransferError{net::TransferFailure::other, why};
  out.attempts.push_back({{}, {}, std::nullopt, why, {}, why});
  out.deadline_hit = true;
  return out;
}

}  // namespace

std::vector<ReplayOutcome> run_batch(const std::vector<Request>& requests, const RetryPolicy& policy,
                                     const BatchOptions& options, Sender& sender, Clock& clock,
                                     RandomSource& random, const BatchObserver& observer,
                                     const BatchStart& on_start) {
  std::vector<ReplayOutcome> outcomes(requests.size());
  HostGuard guard(options.guard, clock);
  std::optional<TokenBucket> bucket;
  if (options.rate_per_second) bucket.emplace(*options.rate_per_second, 1.0, clock);
  LockedRandom shared_random(random);
  std::mutex observer_mutex;
  std::atomic<std::size_t> next{0};
  const auto batch_start = clock.now();

  auto worker = [&] {
    for (std::size_t i = next++; i < requests.size(); i = next++) {
      RetryPolicy own = policy;
      if (options.deadline) {
        const Duration left = *options.deadline - (clock.now() - batch_start);
        if (left <= Duration::zero()) {
          outcomes[i] = not_sent(requests[i], "not sent: the batch deadline (" + format_duration(*options.deadline) +
                                                  ") had passed");
          continue;
        }
        own.deadline = std::min(own.deadline, left);
      }
      AttemptHooks hooks;
      hooks.guard = &guard;
      hooks.rate = bucket ? &*bucket : nullptr;
      if (observer) {
        hooks.observer = [&, i](const Attempt& a) {
          std::lock_guard lock(observer_mutex);
          observer(i, a);
        };
      }
      if (on_start) {
        std::lock_guard lock(observer_mutex);
        on_start(i);
      }
      outcomes[i] = run_attempts(requests[i], own, sender, clock, shared_random, hooks);
    }
  };
  const auto workers = static_cast<std::size_t>(std::max(1, options.concurrency));
  if (workers == 1 || requests.size() == 1) {
    worker();
    return outcomes;
  }
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < std::min(workers, requests.size()); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  return outcomes;
}

}  // namespace sonde::replay
