#pragma once
/// Internal to the load engine: the one-line-per-second view of a run. Every worker thread fills
/// its own window for the current second and hands it over when the second ends; a second is
/// complete (and reported, in order) once every worker has handed it over. Percentiles are exact
/// over the second's latencies, which are kept only until then.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "core/timing/load.hpp"

namespace sonde::timing::detail {

/// What one worker saw in one second.
struct SecondWindow {
  int second = 0;
  std::uint64_t completed = 0, failed = 0;
  std::vector<std::int64_t> latencies;  ///< microseconds
};

class SecondsCollector {
 public:
  SecondsCollector(int workers, std::function<void(const LoadSecond&)> on_second)
      : workers_(workers), on_second_(std::move(on_second)) {}

  /// A worker's window for its second is over (workers hand theirs over in order). Thread-safe;
  /// on_second runs here, under the collector's lock, when the second is complete.
  void hand_over(SecondWindow&& window);

  /// After every worker stopped: the seconds, in order; a trailing second nobody answered in is
  /// left out.
  std::vector<LoadSecond> finish();

 private:
  struct Pending {
    SecondWindow merged;
    int handed = 0;
  };
  static LoadSecond summarize(SecondWindow& window);

  std::mutex mutex_;
  int workers_;
  std::function<void(const LoadSecond&)> on_second_;
  std::map<int, Pending> pending_;
  std::vector<LoadSecond> done_;
};

}  // namespace sonde::timing::detail
