#include "core/timing/load_seconds.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::timing::detail {

LoadSecond SecondsCollector::summarize(SecondWindow& window) {
  auto& v = window.latencies;
  std::sort(v.begin(), v.end());
  auto at = [&](double p) {
    if (v.empty()) return std::int64_t{0};
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
  };
  return LoadSecond{window.second, window.completed, window.failed, at(50), at(99)};
}

void SecondsCollector::hand_over(SecondWindow&& window) {
  std::lock_guard lock(mutex_);
  Pending& p = pending_[window.second];
  p.merged.second = window.second;
  p.merged.completed += window.completed;
  p.merged.failed += window.failed;
  p.merged.latencies.insert(p.merged.latencies.end(), window.latencies.begin(), window.latencies.end());
  ++p.handed;
  // Seconds complete in order: a worker hands second s over only after s - 1.
  while (!pending_.empty() && pending_.begin()->second.handed == workers_) {
    LoadSecond s = summarize(pending_.begin()->second.merged);
    pending_.erase(pending_.begin());
    done_.push_back(s);
    if (on_second_) on_second_(s);
  }
}

std::vector<LoadSecond> SecondsCollector::finish() {
  std::lock_guard lock(mutex_);
  for (auto& [second, p] : pending_) done_.push_back(summarize(p.merged));
  pending_.clear();
  while (!done_.empty() && done_.back().completed == 0) done_.pop_back();
  return std::move(done_);
}

}  // namespace sonde::timing::detail
