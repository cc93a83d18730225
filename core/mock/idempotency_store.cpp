#include "core/mock/idempotency_store.hpp"

namespace sonde::mock {

Admission IdempotencyStore::begin(const std::string& scope, const std::string& key, const std::string& fingerprint) {
  if (mode_ == IdempotencyMode::off) return {};
  std::lock_guard lock(mutex_);
  const std::string id = scope + "\n" + key;
  auto found = entries_.find(id);
  if (found == entries_.end()) {
    if (entries_.size() >= capacity_) forget(entries_.find(age_.front()));
    age_.push_back(id);
    entries_.emplace(id, Entry{fingerprint, true, {}, std::prev(age_.end())});
    return {};
  }
  Entry& entry = found->second;
  if (mode_ == IdempotencyMode::broken) {
    // The usual bugs: no fingerprint check, and a concurrent duplicate runs again instead of
    // waiting for (or being refused by) the first.
    if (entry.in_flight) return {};
    return {Admission::Kind::replay, entry.response};
  }
  if (entry.fingerprint != fingerprint) return {Admission::Kind::mismatch, std::nullopt};
  if (entry.in_flight) return {Admission::Kind::conflict_in_flight, std::nullopt};
  return {Admission::Kind::replay, entry.response};
}

void IdempotencyStore::complete(const std::string& scope, const std::string& key, StoredResponse response) {
  if (mode_ == IdempotencyMode::off) return;
  std::lock_guard lock(mutex_);
  auto found = entries_.find(scope + "\n" + key);
  if (found == entries_.end() || !found->second.in_flight) return;
  found->second.in_flight = false;
  found->second.response = std::move(response);
}

void IdempotencyStore::abandon(const std::string& scope, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(scope + "\n" + key);
  if (found != entries_.end()) forget(found);
}

std::size_t IdempotencyStore::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void IdempotencyStore::forget(std::map<std::string, Entry>::iterator entry) {
  age_.erase(entry->second.age);
  entries_.erase(entry);
}

}  // namespace sonde::mock
