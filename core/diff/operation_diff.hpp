#pragma once
/// Stage one at the operation level: for operations paired by operation_pairing.hpp, compares
/// parameters, request bodies, responses, headers and security, handing schemas to
/// SchemaDiff. Every delta ends up with the operations it affects.
#include <string>
#include <vector>

#include "core/diff/delta.hpp"
#include "core/diff/lifecycle.hpp"
#include "core/diff/operation_pairing.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::diff {

/// Pairs completed a chunk at a time; above one chunk, the next is completed on a second thread.
inline constexpr std::size_t k_completion_chunk = 512;

/// All deltas between two descriptions whose operations were paired by pair_operations(). The
/// views may be outlines (openapi::ViewDepth::outline): each pair is completed while it is
/// compared, and a malformed operation fails as building a full view would.
/// `policy.today` decides whether an x-sunset date has passed; its deprecation windows, when set,
/// judge the sunset of newly deprecated operations.
Result<std::vector<Delta>> structural_diff(const openapi::Document& base, const openapi::Document& rev,
                                           const std::vector<OperationPair>& pairs, const openapi::View& rev_view,
                                           const LifecyclePolicy& policy, std::size_t chunk = k_completion_chunk);

}  // namespace sonde::diff
