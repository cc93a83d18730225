#pragma once
/// Shrinking a failing case: smaller requests (an optional parameter or a body property left
/// out, a shorter string, a number nearer zero, fewer items) are tried one at a time, and each is
/// kept when the validator still confirms the case's intent and the same check still fails.
#include <cstddef>
#include <string>

#include "core/check/generate/executor.hpp"

namespace sonde::check::generate {

struct Shrunk {
  Case c;                  ///< the smallest failing case found
  Outcome outcome;         ///< its outcome
  std::size_t steps = 0;   ///< reductions kept
  std::size_t requests = 0;
};

/// Shrinks `failing` (whose outcome failed `check`) with at most `budget` requests.
Shrunk shrink(Executor& executor, LiveClient& client, const Case& failing, const Outcome& outcome,
              const std::string& check, std::size_t budget);

}  // namespace sonde::check::generate
