#pragma once
/// Evaluation of a parsed query against a document (RFC 9535 sections 2.3 to 2.5).
#include <nlohmann/json.hpp>

#include "core/flow/jsonpath_ast.hpp"
#include "core/flow/jsonpath_functions.hpp"

namespace sonde::flow::jsonpath {

/// The nodes `query` selects: from `root` when absolute, from `current` when relative.
Nodes evaluate(const Query& query, const nlohmann::json& root, const nlohmann::json& current);

}  // namespace sonde::flow::jsonpath
