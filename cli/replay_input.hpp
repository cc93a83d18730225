#pragma once
/// Chooses the request source from `sonde replay`'s arguments (a .http file, a URL with flags,
/// --curl, --har), applies -H overrides, --name and Idempotency-Keys.
#include "cli/replay_args.hpp"
#include "core/replay/random_source.hpp"
#include "core/replay/read_result.hpp"

namespace sonde::cli {

/// The requests to replay, in order, each with its Idempotency-Key already set.
Result<replay::ReadResult> load_requests(const ReplayArgs& args, replay::RandomSource& random);

}  // namespace sonde::cli
