#pragma once
/// The idempotency-key-honoured check: a POST whose description declares an `Idempotency-Key`
/// header parameter is sent twice with the same key and body; the second answer must repeat the
/// first (same status, same Location, same body), as the IETF Idempotency-Key draft asks of a
/// retried request.
#include <vector>

#include "core/check/generate/planner.hpp"
#include "core/check/generate/stateful.hpp"

namespace sonde::check::generate {

/// Runs the check on the POSTs among `chosen` that declare the header; failures carry both steps.
SequenceReport run_idempotency(Executor& executor, LiveClient& client, Planner& planner,
                               const std::vector<const openapi::Operation*>& chosen, std::uint64_t seed);

/// Whether `op` is a POST that declares an Idempotency-Key header parameter.
bool declares_idempotency_key(const openapi::Operation& op);

/// Gives `c` a key of its own ("sonde-SEED-N") when its operation declares an Idempotency-Key
/// header and the case does not vary that header: a server that honours keys answers a reused
/// key with a different body by 422, which would read as rejecting valid data.
void own_idempotency_key(Case& c, std::uint64_t seed, std::size_t n);

}  // namespace sonde::check::generate
