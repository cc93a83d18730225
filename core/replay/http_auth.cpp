#include "core/replay/http_auth.hpp"

#include "core/util/base64.hpp"

namespace sonde::replay {

namespace {

// "user:password" from "user:password" or "user password" (httpyac tries the colon form first);
// nullopt when the text is neither (already encoded).
std::optional<std::string> credentials(std::string_view rest) {
  if (rest.find(':') != std::string_view::npos) return std::string(rest);
  auto space = rest.find_first_of(" \t");
  if (space == std::string_view::npos) return std::nullopt;
  return std::string(rest.substr(0, space)) + ":" + std::string(trim(rest.substr(space)));
}

bool has_scheme(std::string_view value, std::string_view scheme) {
  return value.size() > scheme.size() && iequals(value.substr(0, scheme.size()), scheme) &&
         (value[scheme.size()] == ' ' || value[scheme.size()] == '\t');
}

}  // namespace

void apply_auth_helpers(Request& request) {
  for (auto it = request.headers.begin(); it != request.headers.end(); ++it) {
    if (!iequals(it->name, "Authorization")) continue;
    std::string_view value = trim(it->value);
    if (has_scheme(value, "Basic")) {
      if (auto pair = credentials(trim(value.substr(5)))) it->value = "Basic " + base64_encode(*pair);
      return;
    }
    if (has_scheme(value, "Digest")) {
      std::string_view rest = trim(value.substr(6));
      if (rest.find('=') != std::string_view::npos) return;  // a complete digest response
      auto pair = credentials(rest);
      if (!pair) return;
      request.transport.auth = Transport::Auth::digest;
      request.transport.credentials = *pair;
      request.headers.erase(it);
      return;
    }
  }
}

}  // namespace sonde::replay
