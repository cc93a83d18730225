#pragma once
/// The authorization helpers of .http files, as the JetBrains client, REST Client and httpyac read
/// them: `Authorization: Basic user:password` (or `Basic user password`) is sent base64-encoded,
/// and `Authorization: Digest user password` (or `user:password`) becomes libcurl's digest
/// challenge-response (Transport::auth) instead of a header.
#include "core/replay/request.hpp"

namespace sonde::replay {

/// Rewrites the request's Authorization header in place when it uses a helper form; a value that
/// is already encoded (`Basic dXNlcjpwdw==`, `Digest username="…", …`) is left alone.
void apply_auth_helpers(Request& request);

}  // namespace sonde::replay
