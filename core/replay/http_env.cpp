#include "core/replay/http_env.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/util/atomic_file.hpp"

namespace sonde::replay {

namespace {

namespace fs = std::filesystem;

std::size_t line_of(const std::string& text, std::size_t byte) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Reads one env file; a missing file is an empty object.
Result<nlohmann::json> read_env_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return nlohmann::json::object();
  auto text = read_file(path.string());
  if (!text) return std::unexpected(text.error());
  try {
    auto doc = nlohmann::json::parse(*text);
    if (!doc.is_object()) return fail(ErrorKind::invalid_input, "an env file must hold a JSON object", path.string() + ":1");
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorKind::invalid_input, "malformed JSON", path.string() + ":" + std::to_string(line_of(*text, e.byte)));
  }
}

void merge(std::map<std::string, std::string>& into, const nlohmann::json& env) {
  if (!env.is_object()) return;
  for (const auto& [key, value] : env.items()) into[key] = value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

Result<std::map<std::string, std::string>> load_http_env(const std::string& http_file, const std::string& name) {
  fs::path dir = fs::path(http_file).parent_path();
  auto pub = read_env_file(dir / "http-client.env.json");
  if (!pub) return std::unexpected(pub.error());
  auto priv = read_env_file(dir / "http-client.private.env.json");
  if (!priv) return std::unexpected(priv.error());
  std::map<std::string, std::string> vars;
  for (const auto* doc : {&*pub, &*priv}) {
    if (doc->contains("$shared")) merge(vars, (*doc)["$shared"]);
  }
  if (name.empty()) return vars;
  if (!pub->contains(name) && !priv->contains(name)) {
    std::set<std::string> names;
    for (const auto* doc : {&*pub, &*priv}) {
      for (const auto& [key, _] : doc->items()) {
        if (key != "$shared") names.insert(key);
      }
    }
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    return fail(ErrorKind::usage, "no environment '" + name + "' in http-client.env.json or http-client.private.env.json",
                (dir / "http-client.env.json").string(), known.empty() ? "no environments are defined" : "defined: " + known);
  }
  for (const auto* doc : {&*pub, &*priv}) {
    if (doc->contains(name)) merge(vars, (*doc)[name]);
  }
  return vars;
}

}  // namespace sonde::replay
