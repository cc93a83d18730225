#include "core/check/regex_search.hpp"

#include <pthread.h>

namespace sonde::check {

namespace {

// Below this many characters the calling thread's stack is ample.
constexpr std::size_t k_inline_limit = 2000;
// Stack reserved per input character on the helper thread (5x the measured need); only the
// pages actually touched become resident.
constexpr std::size_t k_stack_per_char = 1024;

struct Job {
  const std::regex* re;
  std::string_view text;
  std::optional<bool> result;
};

std::optional<bool> search(const std::regex& re, std::string_view text) {
  try {
    return std::regex_search(text.begin(), text.end(), re);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

void* run(void* arg) {
  auto* job = static_cast<Job*>(arg);
  job->result = search(*job->re, job->text);
  return nullptr;
}

}  // namespace

std::optional<bool> bounded_regex_search(const std::regex& re, std::string_view text) {
  if (text.size() <= k_inline_limit) return search(re, text);
  if (text.size() > k_max_pattern_input) return std::nullopt;
  Job job{&re, text, std::nullopt};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return std::nullopt;
  pthread_attr_setstacksize(&attr, (8u << 20) + text.size() * k_stack_per_char);
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, run, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) return std::nullopt;
  pthread_join(thread, nullptr);
  return job.result;
}

}  // namespace sonde::check
