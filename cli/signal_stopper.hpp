#pragma once
/// Stops a server on SIGINT or SIGTERM (sonde mock, sonde check --proxy). The signals are blocked
/// in every thread and taken by one waiter thread, which calls stop(): no work happens inside a
/// signal handler.
#include <pthread.h>
#include <signal.h>

#include <functional>
#include <thread>

#include "core/mock/http_server.hpp"

namespace sonde::cli {

class SignalStopper {
 public:
  explicit SignalStopper(mock::HttpServer& server) : SignalStopper([&server] { server.stop(); }) {}
  /// Calls `stop` (on the waiter thread) when a signal comes.
  explicit SignalStopper(std::function<void()> stop);
  ~SignalStopper();
  SignalStopper(const SignalStopper&) = delete;
  SignalStopper& operator=(const SignalStopper&) = delete;

 private:
  sigset_t set_{};
  sigset_t previous_{};
  std::thread waiter_;
};

}  // namespace sonde::cli
