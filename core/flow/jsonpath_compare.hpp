#pragma once
/// Comparisons in filters (RFC 9535 section 2.3.5.2.2): Nothing equals only Nothing, numbers
/// compare by value whatever their representation (int64, uint64, double), strings by code
/// point, arrays and objects only for (structural) equality.
#include <nlohmann/json.hpp>

#include "core/flow/jsonpath_ast.hpp"

namespace sonde::flow::jsonpath {

/// `left op right`, where nullptr stands for Nothing.
bool compare(CompareOp op, const nlohmann::json* left, const nlohmann::json* right);

}  // namespace sonde::flow::jsonpath
