#pragma once
/// Which operation of the base description is which of the revision: method + path template with
/// parameter names erased ({id} -> {orderId} is a rename, not a removal). Real descriptions hold
/// templates OpenAPI forbids — `/v2/{logName}` beside `/v2/{name}` under one method — so a key can
/// name several operations; those pair deterministically (same template as written, then same
/// operationId, then document order), and a note names the templates once. A trailing slash is
/// part of the path: `/x` and `/x/` are distinct operations.
#include <string>
#include <vector>

#include "core/openapi/view.hpp"

namespace sonde::diff {

struct OperationPair {
  const openapi::Operation* base = nullptr;  ///< nullptr: added in the revision
  const openapi::Operation* rev = nullptr;   ///< nullptr: removed from the base
  bool webhook = false;                      ///< a 3.1 webhook or a callback: the API sends the request
};

struct Pairing {
  std::vector<OperationPair> pairs;  ///< base operations in document order, then added ones; webhooks, then callbacks last
  std::vector<std::string> notes;    ///< one per ambiguous template set (prefixed with its side if only one has it)
};

/// "GET /orders/{}/" — the pairing key of an operation.
std::string pairing_key(const openapi::Operation& op);

Pairing pair_operations(const openapi::View& base, const openapi::View& rev);

}  // namespace sonde::diff
