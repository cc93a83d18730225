#pragma once
/// Environments for .http files. `http-client.env.json` and `http-client.private.env.json` (secrets
/// kept out of version control) are each taken from the nearest folder that has one, searching from
/// the .http file's folder up to the repository root (the first folder with `.git`, or an httpyac or
/// node project file: `.httpyac.json`, `.httpyac.js`, `httpyac.config.js`, `package.json`). The
/// private file overlays the public one, `$shared` applies to every environment, and the
/// `environments` of the nearest `.httpyac.json` come under both. `.env` files on the same path and
/// in their `env/` subfolders (nearer ones win), and `NAME.env` for environment NAME, as httpyac
/// reads them, give the `{{$dotenv NAME}}` values and the variables no other source defines.
#include <map>
#include <string>

#include "core/util/error.hpp"

namespace sonde::replay {

struct HttpEnvironment {
  std::map<std::string, std::string> variables;  ///< from the env JSON files
  std::map<std::string, std::string> dotenv;     ///< from .env files
};

/// The environment `name` for the .http file at `http_file` (empty name: `$shared` and `.env`
/// only). Fails when a file is malformed, or when a named environment is nowhere, saying where
/// sonde looked.
Result<HttpEnvironment> load_http_environment(const std::string& http_file, const std::string& name);

/// The variables of load_http_environment() alone (kept for callers that need no .env).
Result<std::map<std::string, std::string>> load_http_env(const std::string& http_file, const std::string& name);

}  // namespace sonde::replay
