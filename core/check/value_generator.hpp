#pragma once
/// Minimal valid values for live requests: the schema's example, default, const or first enum
/// value, else the smallest value its keywords allow (bounds, lengths, required properties).
#include <nlohmann/json.hpp>

#include "core/openapi/document.hpp"

namespace sonde::check {

/// A value that `schema` accepts (best effort for patterns, which are not inverted).
nlohmann::json generate_value(const openapi::Document& doc, const openapi::Node& schema);

/// The example of a Parameter, Media Type or Schema object: `example`, else the first of
/// `examples` (resolving Example Object $refs and reading `value`); null-json when none.
std::optional<nlohmann::json> example_of(const openapi::Document& doc, const openapi::Node& holder);

}  // namespace sonde::check
