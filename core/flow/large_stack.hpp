#pragma once
/// Runs a function on a helper thread with a stack of a chosen size, for work whose recursion
/// depth grows with its input (libstdc++'s regex matcher recurses once per character).
/// core/check/regex_search.cpp does the same for std::regex and could share this.
#include <pthread.h>

#include <cstddef>

namespace sonde::flow {

namespace detail {

template <class Fn>
struct StackJob {
  Fn* fn;
  bool result = false;
};

template <class Fn>
void* run_stack_job(void* arg) {
  auto* job = static_cast<StackJob<Fn>*>(arg);
  job->result = (*job->fn)();
  return nullptr;
}

}  // namespace detail

/// `fn()` (which returns bool and must not throw) run on a thread with `stack_bytes` of stack;
/// false when no such thread can be made. Only the pages the thread touches become resident.
template <class Fn>
bool run_on_large_stack(std::size_t stack_bytes, Fn& fn) {
  detail::StackJob<Fn> job{&fn};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  const int rc = pthread_create(&thread, &attr, detail::run_stack_job<Fn>, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) return false;
  pthread_join(thread, nullptr);
  return job.result;
}

}  // namespace sonde::flow
