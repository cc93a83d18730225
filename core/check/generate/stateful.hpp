#pragma once
/// The stateful phase: for each POST that creates a resource, find the new resource (from the
/// response's OpenAPI `links`, else its `Location` header, else an id in its body matching the
/// path parameter of a `{param}` path under the POST's path), then read it back (GET: not 404),
/// update it (PUT, else PATCH), delete it (DELETE) and read it again (GET: 404 or 410). Every response is also judged by the
/// response-contract checks.
#include <cstddef>
#include <string>
#include <vector>

#include "core/check/check_run.hpp"
#include "core/check/generate/executor.hpp"
#include "core/check/generate/planner.hpp"
#include "core/check/generate/reproduce.hpp"

namespace sonde::check::generate {

/// A failure in a sequence: the steps that lead to it (for the reproduction) and the verdict.
struct SequenceFailure {
  Case c;  ///< the failing step's case
  Verdict verdict;
  int status = 0;
  std::vector<Step> steps{};
};

struct SequenceReport {
  std::vector<SequenceFailure> failures;
  std::size_t requests = 0;
  std::size_t sequences = 0;  ///< creations followed by at least one step on the resource
  std::vector<CheckError> errors;
  std::vector<std::string> notes;  ///< e.g. "POST /items: 201 without a way to find the resource"
};

/// Runs the sequences that start with the POST operations among `chosen` (in order).
SequenceReport run_sequences(Executor& executor, LiveClient& client, Planner& planner,
                             const std::vector<const openapi::Operation*>& chosen);

/// The POSTs among `chosen` that start a sequence (for the plan).
std::size_t sequence_starts(const std::vector<const openapi::Operation*>& chosen);

}  // namespace sonde::check::generate
