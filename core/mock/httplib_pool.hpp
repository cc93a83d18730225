#pragma once
/// Module-only (included by httplib_module.cpp): cpp-httplib's task queue, with a thread per open
/// connection. A connection holds its thread while open, so a fixed pool of 32 let 32 slow clients
/// starve everyone else; here `ready` threads wait from the start, more start while all are busy,
/// up to `max`, and past `max` a new connection is refused at once (the task runs on the
/// accepting thread with refusing() true, and answers 503 without reading).
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sonde::mock::connection {

class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t ready, std::size_t max) : max_(std::max<std::size_t>(1, max)) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < std::min(ready, max_); ++i) threads_.emplace_back([this] { work(); });
  }
  ElasticPool(const ElasticPool&) = delete;
  ElasticPool& operator=(const ElasticPool&) = delete;

  /// True on the thread that runs a task the pool refused.
  static bool& refusing() {
    thread_local bool refusing = false;
    return refusing;
  }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    if (open_ >= max_) {
      lock.unlock();
      refusing() = true;
      fn();
      refusing() = false;
      return;
    }
    ++open_;
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_) threads_.emplace_back([this] { work(); });
    cv_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    // Workers only start under the lock and the listener (the only enqueuer) has returned.
    for (auto& t : threads_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        ++idle_;
        cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // stopping, nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
      std::lock_guard lock(mutex_);
      --open_;
    }
  }

  const std::size_t max_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t open_ = 0;  ///< connections queued or being served
  std::size_t idle_ = 0;  ///< threads waiting for a job
  bool stop_ = false;
};

}  // namespace sonde::mock::connection
