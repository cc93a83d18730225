#pragma once
/// Stage one at the operation level: matches operations (method + path template, parameter names
/// erased), then parameters, request bodies, responses, headers and security, handing schemas to
/// SchemaDiff. Every delta ends up with the operations it affects.
#include <string>
#include <vector>

#include "core/diff/delta.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::diff {

/// All deltas between two descriptions. `today` ("YYYY-MM-DD") decides whether an x-sunset date
/// has passed.
std::vector<Delta> structural_diff(const openapi::Document& base, const openapi::View& base_view,
                                   const openapi::Document& rev, const openapi::View& rev_view,
                                   const std::string& today);

}  // namespace sonde::diff
