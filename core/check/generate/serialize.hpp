#pragma once
/// Turning a generated case into the request on the wire: parameters serialised by their `in`,
/// `style` and `explode` (OpenAPI 3 section 4.8.12.4), the body as JSON, the user's -H headers
/// added (credentials left out for a case without auth).
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/check/generate/case.hpp"
#include "core/check/generate/auth_login.hpp"
#include "core/check/live_http.hpp"

namespace sonde::check::generate {

struct Target {
  std::string base_url;                    ///< "http://127.0.0.1:8080/v1"
  std::vector<std::string> headers;        ///< the user's "Name: value" lines
  std::set<std::string> credential_names;  ///< lower-case header names that carry credentials
  double max_time_s = 30;
  std::shared_ptr<TokenSource> login{};    ///< --auth-login: its token goes in Authorization
};

/// The header line that carries a --auth-login token.
std::string bearer_line(const std::string& token);

/// The request for `c` (its URL is base_url + the path with parameters filled in + the query).
LiveRequest serialize(const Case& c, const Target& target);

/// A parameter value as text (strings as they are, numbers and booleans as JSON, null empty).
std::string scalar_text(const nlohmann::json& value);

}  // namespace sonde::check::generate
