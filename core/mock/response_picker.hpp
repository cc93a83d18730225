#pragma once
/// Chooses what the mock answers for an operation: the response object (the lowest 2xx, unless
/// `Prefer: code=N`), its media type (JSON first), and a body: the named or first example, the
/// media type's or schema's example, or a value generated from the schema.
#include <optional>
#include <string>
#include <vector>

#include "core/mock/exchange.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::mock {

/// Parsed `Prefer` header preferences that the mock understands (RFC 7240; Prism's names).
struct Preferences {
  std::optional<int> code;
  std::string example;
  bool dynamic = false;  ///< generate from the schema even when an example exists
};

Preferences parse_prefer(const std::optional<std::string>& header);

/// The names of the examples of the response and media type `pick_response` would choose.
std::vector<std::string> example_names(const openapi::Operation& op, const Preferences& prefer);

/// Builds the success response for `op`. Fails (as a 404/500 problem response, not an Error) when
/// `Prefer` asks for a status or example the description does not document.
MockResponse pick_response(const openapi::Document& doc, const openapi::Operation& op, const Preferences& prefer);

}  // namespace sonde::mock
