#pragma once
/// The engine of `sonde time`: runs the exchanges (sequentially, or concurrently over curl_multi)
/// and returns every run with its hops and phases. Prints nothing.
#include "core/timing/options.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

/// Runs `options.runs` exchanges one after the other, following redirects hop by hop. Cold runs
/// use a fresh handle (new lookup, new connection); with `warm`, runs after the first reuse it.
Result<TimingResult> measure_sequential(const TimingOptions& options);

/// Runs `options.runs` exchanges with `options.concurrency` in flight: one multiplexed HTTP/2
/// connection when the server offers it, else up to that many HTTP/1.1 connections. Redirects
/// are followed hop by hop within each run; each host's one lookup is charged to the first hop
/// that needed it.
Result<TimingResult> measure_concurrent(const TimingOptions& options);

/// Dispatches on `options.concurrency`; validates counts (usage errors).
Result<TimingResult> measure(const TimingOptions& options);

}  // namespace sonde::timing
