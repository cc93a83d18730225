#pragma once
/// Client-side rate limit (`--rate 20/s`): the shared token bucket of core/util, reserved by
/// callers on several threads so they are spaced 1/rate apart.
#include "core/util/token_bucket.hpp"

namespace sonde::replay {

using sonde::parse_rate;
using sonde::TokenBucket;

}  // namespace sonde::replay
