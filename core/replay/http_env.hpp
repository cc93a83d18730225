#pragma once
/// Environments for .http files: `http-client.env.json` next to the file, overlaid by
/// `http-client.private.env.json` (secrets kept out of version control), `$shared` applying to all.
#include <map>
#include <string>

#include "core/util/error.hpp"

namespace sonde::replay {

/// The variables of environment `name` for the .http file at `http_file` (empty name: only
/// `$shared`). Fails when a file is malformed or a named environment is in neither file.
Result<std::map<std::string, std::string>> load_http_env(const std::string& http_file, const std::string& name);

}  // namespace sonde::replay
