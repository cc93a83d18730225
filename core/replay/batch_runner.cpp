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

  auto worker = [&] {
    for (std::size_t i = next++; i < requests.size(); i = next++) {
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
      outcomes[i] = run_attempts(requests[i], policy, sender, clock, shared_random, hooks);
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
