#pragma once
/// The mock's Idempotency-Key store (draft-ietf-httpapi-idempotency-key-header): the first
/// response for a key is stored and replayed; a reused key with another request body is refused
/// (422); a key whose first request is still being answered gets 409. Modes `off` and `broken`
/// imitate the servers that `sonde replay --check-idempotency` must catch.
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sonde::mock {

enum class IdempotencyMode {
  correct,  ///< store, fingerprint, in-flight lock
  off,      ///< no store at all: every request creates again
  broken,   ///< a store without fingerprint and without in-flight lock (the usual bugs)
};

struct StoredResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// What to do with an incoming keyed request.
struct Admission {
  enum class Kind { proceed, replay, conflict_in_flight, mismatch } kind = Kind::proceed;
  std::optional<StoredResponse> stored;  ///< set for replay
};

/// Keys remembered at most; the oldest is forgotten first. Keys are the client's choice, so
/// without a bound any client could fill the mock's memory (the draft lets servers expire keys).
inline constexpr std::size_t k_idempotency_capacity = 10'000;

class IdempotencyStore {
 public:
  explicit IdempotencyStore(IdempotencyMode mode, std::size_t capacity = k_idempotency_capacity)
      : mode_(mode), capacity_(capacity == 0 ? 1 : capacity) {}

  /// Decides for `key` (scoped by method and path) and a fingerprint of the request body. On
  /// `proceed` the caller must call complete() (or abandon()) with the same scope and key.
  Admission begin(const std::string& scope, const std::string& key, const std::string& fingerprint);

  /// Stores the response that the first request produced.
  void complete(const std::string& scope, const std::string& key, StoredResponse response);

  /// Forgets a key whose first request failed before a response was produced.
  void abandon(const std::string& scope, const std::string& key);

  IdempotencyMode mode() const { return mode_; }
  /// Keys held now.
  std::size_t size();

 private:
  struct Entry {
    std::string fingerprint;
    bool in_flight = true;
    StoredResponse response;
    std::list<std::string>::iterator age;  ///< its place in age_
  };
  void forget(std::map<std::string, Entry>::iterator entry);

  IdempotencyMode mode_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> age_;  ///< ids, oldest first
};

}  // namespace sonde::mock
