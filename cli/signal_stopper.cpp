#include "cli/signal_stopper.hpp"

#include <csignal>

namespace sonde::cli {

SignalStopper::SignalStopper(std::function<void()> stop) {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal never reaches
  // sigwait: restore the default disposition first (the mask below keeps it from killing us).
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  waiter_ = std::thread([this, stop = std::move(stop)] {
    int signal = 0;
    sigwait(&set_, &signal);
    if (signal != SIGUSR1) stop();
  });
}

SignalStopper::~SignalStopper() {
  pthread_kill(waiter_.native_handle(), SIGUSR1);  // wake the waiter if no signal came
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

}  // namespace sonde::cli
