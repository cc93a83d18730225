#pragma once
/// `sonde mock --stateful`: resources kept in memory, keyed by their path, so a flow of requests
/// behaves like a real service: POST to a collection creates (the id from the body, else the next
/// number), GET reads, PUT replaces, PATCH merges (RFC 7396), DELETE removes and a later GET is
/// 404, and a list operation answers what was created. `--state-file` keeps the resources across
/// restarts, written atomically after every change.
///
/// What is a collection and what an item comes from the path template: a template whose last
/// segment is a parameter (`/orders/{orderId}`) addresses an item of the collection above it
/// (`/orders`, with its own parameters filled in: `/users/7/orders`).
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/mock/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::mock {

/// Where a request lands: its collection and, for an item, its id.
struct ResourcePlace {
  std::string collection;  ///< "/orders", "/users/7/orders"
  std::optional<std::string> id;
};

/// The place of `path_template` with `params` filled in; nullopt for a template with a parameter
/// that was not given.
std::optional<ResourcePlace> resource_place(const std::string& path_template,
                                            const std::map<std::string, std::string>& params);

class ResourceStore {
 public:
  /// An empty store; with `state_file`, it starts from that file when it exists (an unreadable or
  /// invalid file is an error naming it) and is written there after every change.
  static Result<std::unique_ptr<ResourceStore>> open(const std::string& state_file);

  /// The stateful answer to `method` at `place`, built on `documented` (the response the mock
  /// would give without state: its status, headers and generated body); nullopt when state has
  /// nothing to say (an operation that is neither a create, read, update, delete nor list, or a
  /// body that is not a JSON object).
  std::optional<MockResponse> answer(const std::string& method, const ResourcePlace& place, const std::string& body,
                                     const MockResponse& documented);

 private:
  ResourceStore() = default;
  Result<void> save() const;  ///< callers hold mutex_

  std::string state_file_;
  mutable std::mutex mutex_;
  /// collection -> id -> resource; ids in creation order within a collection are kept by `order_`.
  std::map<std::string, std::map<std::string, nlohmann::json>> items_;
  std::map<std::string, std::vector<std::string>> order_;
  std::map<std::string, long> next_id_;
};

}  // namespace sonde::mock
