#include "core/replay/host_guard.hpp"

namespace sonde::replay {

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);  // drop user:pass@
  return authority;
}

std::optional<std::string> HostGuard::breaker_allows(Host& h) {
  if (options_.breaker_threshold <= 0 || h.state == State::closed) return std::nullopt;
  if (h.state == State::open) {
    if (clock_.now() - h.opened_at < options_.breaker_cooldown) {
      return "circuit open after " + std::to_string(h.consecutive_failures) + " consecutive failures";
    }
    h.state = State::half_open;
  }
  if (h.probe_in_flight) return std::string("circuit half-open: waiting for the probe request");
  h.probe_in_flight = true;
  return std::nullopt;
}

std::optional<std::string> HostGuard::may_send(const std::string& host, bool is_retry) {
  std::lock_guard lock(mutex_);
  Host& h = hosts_[host];
  if (is_retry) {
    const int allowed = options_.min_retries + h.first_attempts * options_.budget_percent / 100;
    if (h.retries >= allowed) {
      return "retry budget for " + host + " spent (" + std::to_string(h.retries) + " retries for " +
             std::to_string(h.first_attempts) + " requests)";
    }
  }
  if (auto blocked = breaker_allows(h)) return blocked;
  if (is_retry) ++h.retries;
  else ++h.first_attempts;
  return std::nullopt;
}

void HostGuard::record(const std::string& host, bool failed) {
  std::lock_guard lock(mutex_);
  Host& h = hosts_[host];
  const bool was_probe = h.probe_in_flight;
  h.probe_in_flight = false;
  if (!failed) {
    h.consecutive_failures = 0;
    h.state = State::closed;
    return;
  }
  ++h.consecutive_failures;
  if (options_.breaker_threshold > 0 &&
      (was_probe || h.consecutive_failures >= options_.breaker_threshold)) {
    h.state = State::open;
    h.opened_at = clock_.now();
  }
}

}  // namespace sonde::replay
