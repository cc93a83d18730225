#include "core/replay/http_env.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

#include "core/replay/dotenv.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/text.hpp"

namespace sonde::replay {

namespace {

namespace fs = std::filesystem;

// What makes a folder the root of the search: a repository, or an httpyac / node project.
constexpr const char* k_root_markers[] = {".git", ".httpyac.json", ".httpyac.js", ".httpyac.cjs", "httpyac.config.js",
                                          "httpyac.config.cjs", "package.json"};

// The folders from the .http file's own up to the repository (or project) root, nearest first.
std::vector<fs::path> search_path(const std::string& http_file) {
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(http_file), ec).parent_path();
  std::vector<fs::path> out;
  while (true) {
    out.push_back(dir);
    bool root = !dir.has_parent_path() || dir.parent_path() == dir;
    for (const char* marker : k_root_markers) root = root || fs::exists(dir / marker, ec);
    if (root) break;
    dir = dir.parent_path();
  }
  return out;
}

std::optional<fs::path> nearest(const std::vector<fs::path>& dirs, const std::string& file) {
  std::error_code ec;
  for (const auto& dir : dirs) {
    if (fs::is_regular_file(dir / file, ec)) return dir / file;
  }
  return std::nullopt;
}

// Reads one env file; a missing file is an empty object.
Result<nlohmann::json> read_env_file(const std::optional<fs::path>& path) {
  if (!path) return nlohmann::json::object();
  auto text = read_file(path->string());
  if (!text) return std::unexpected(text.error());
  // merge() dumps nested values, and dump() recurses once per level.
  if (json_nesting_exceeds(*text)) {
    return fail(ErrorKind::invalid_input, "an env file nests deeper than " + std::to_string(k_max_json_depth) + " levels",
                path->string());
  }
  try {
    auto doc = nlohmann::json::parse(*text);
    if (!doc.is_object()) return fail(ErrorKind::invalid_input, "an env file must hold a JSON object", path->string() + ":1");
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorKind::invalid_input, "malformed JSON", path->string() + ":" + std::to_string(line_of(*text, e.byte)));
  } catch (const nlohmann::json::exception&) {  // out_of_range: a number such as 1E400
    return fail(ErrorKind::invalid_input, "a number in the env file is out of range", path->string());
  }
}

void merge(std::map<std::string, std::string>& into, const nlohmann::json& env) {
  if (!env.is_object()) return;
  for (const auto& [key, value] : env.items()) into[key] = value.is_string() ? value.get<std::string>() : value.dump();
}

Result<std::map<std::string, std::string>> read_dotenvs(const std::vector<fs::path>& dirs, const std::string& name) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  // Farthest first, so nearer files override; NAME.env overrides .env in the same folder.
  // httpyac also keeps them in an env/ folder.
  for (auto dir = dirs.rbegin(); dir != dirs.rend(); ++dir) {
    for (const std::string& file : {std::string("env/.env"), name.empty() ? std::string() : "env/" + name + ".env",
                                    std::string(".env"), name.empty() ? std::string() : name + ".env"}) {
      if (file.empty() || !fs::is_regular_file(*dir / file, ec)) continue;
      auto text = read_file((*dir / file).string());
      if (!text) return std::unexpected(text.error());
      for (auto& [k, v] : parse_dotenv(*text)) out[k] = std::move(v);
    }
  }
  return out;
}

// A found path as the user would write it: relative to the folder the .http file was named from.
std::string shown(const std::string& http_file, const fs::path& found) {
  std::error_code ec;
  const fs::path given = fs::path(http_file).parent_path();
  const fs::path abs = fs::absolute(fs::path(http_file), ec).parent_path();
  fs::path out = (given / found.lexically_relative(abs)).lexically_normal();
  if (out.empty()) out = ".";
  if (out.string().size() > 1 && out.string().ends_with("/")) out = out.string().substr(0, out.string().size() - 1);
  return out.string();
}

bool has_named_dotenv(const std::vector<fs::path>& dirs, const std::string& name) {
  return !name.empty() && (nearest(dirs, name + ".env").has_value() || nearest(dirs, "env/" + name + ".env").has_value());
}

}  // namespace

Result<HttpEnvironment> load_http_environment(const std::string& http_file, const std::string& name) {
  const auto dirs = search_path(http_file);
  const auto pub_path = nearest(dirs, "http-client.env.json");
  const auto priv_path = nearest(dirs, "http-client.private.env.json");
  auto pub = read_env_file(pub_path);
  if (!pub) return std::unexpected(pub.error());
  // httpyac's own config may hold environments too: {"environments": {"$shared": {...}, ...}}.
  auto yac = read_env_file(nearest(dirs, ".httpyac.json"));
  if (!yac) return std::unexpected(yac.error());
  if (yac->contains("environments") && (*yac)["environments"].is_object()) {
    nlohmann::json merged = (*yac)["environments"];
    for (const auto& [key, value] : pub->items()) {
      if (merged.contains(key) && merged[key].is_object() && value.is_object()) merged[key].update(value);
      else merged[key] = value;
    }
    *pub = std::move(merged);
  }
  auto priv = read_env_file(priv_path);
  if (!priv) return std::unexpected(priv.error());
  HttpEnvironment env;
  for (const auto* doc : {&*pub, &*priv}) {
    if (doc->contains("$shared")) merge(env.variables, (*doc)["$shared"]);
  }
  auto dotenv = read_dotenvs(dirs, name);
  if (!dotenv) return std::unexpected(dotenv.error());
  env.dotenv = std::move(*dotenv);
  if (name.empty()) return env;
  const bool in_json = pub->contains(name) || priv->contains(name);
  if (!in_json && !has_named_dotenv(dirs, name)) {
    const std::string searched = shown(http_file, dirs.front()) +
                                 (dirs.size() > 1 ? " and its parents up to " + dirs.back().string() : "");
    if (!pub_path && !priv_path) {
      return fail(ErrorKind::usage, "no environment '" + name + "': no http-client.env.json, http-client.private.env.json or " +
                                        name + ".env in " + searched,
                  http_file, "create http-client.env.json next to the .http file or in a folder above it");
    }
    std::set<std::string> names;
    for (const auto* doc : {&*pub, &*priv}) {
      for (const auto& [key, _] : doc->items()) {
        if (key != "$shared") names.insert(key);
      }
    }
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    std::string files;
    for (const auto& p : {pub_path, priv_path}) {
      if (p) files += (files.empty() ? "" : " or ") + shown(http_file, *p);
    }
    return fail(ErrorKind::usage, "no environment '" + name + "' in " + files, http_file,
                known.empty() ? "no environments are defined" : "defined: " + known);
  }
  for (const auto* doc : {&*pub, &*priv}) {
    if (doc->contains(name)) merge(env.variables, (*doc)[name]);
  }
  return env;
}

Result<std::map<std::string, std::string>> load_http_env(const std::string& http_file, const std::string& name) {
  auto env = load_http_environment(http_file, name);
  if (!env) return std::unexpected(env.error());
  return std::move(env->variables);
}

}  // namespace sonde::replay
