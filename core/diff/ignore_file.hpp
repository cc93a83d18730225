#pragma once
/// The --ignore file: known changes waived on purpose, each with a reason. YAML or JSON, a list of
///   - id: request-parameter-became-required   # a rule id
///     operation: GET /orders                   # optional; absent means every operation
///     reason: clients moved to /v2 in March     # required
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::diff {

struct Waiver {
  std::string id;
  std::string operation;  ///< "GET /orders/{}" (normalized) or empty for all
  std::string reason;
  std::string where;      ///< file:line:col of the entry
};

/// Reads and checks an ignore file; unknown rule ids and missing reasons fail with file:line:col.
Result<std::vector<Waiver>> read_ignore_file(const std::string& path);

/// "get /orders/{orderId}" -> "GET /orders/{}" (the form operations are matched by).
std::string operation_key(std::string_view operation);

}  // namespace sonde::diff
