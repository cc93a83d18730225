#pragma once
/// Fetching one document over HTTP(S) for a remote `$ref`, only when the user allowed it
/// (--allow-remote-refs): http and https only, redirects capped, bounded size and time.
#include <cstddef>
#include <string>

#include "core/util/error.hpp"

namespace sonde::net {

struct FetchLimits {
  std::size_t max_bytes = 64u << 20;
  long timeout_seconds = 30;
};

/// GETs `url`; network failures and HTTP errors are ErrorKind::runtime naming the URL.
Result<std::string> fetch_url(const std::string& url, const FetchLimits& limits = {});

}  // namespace sonde::net
