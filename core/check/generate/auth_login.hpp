#pragma once
/// --auth-login: a bearer token fetched from the service itself before the generated cases, and
/// fetched again when a case is answered 401 (tokens expire during long runs).
///   "POST /login body=@creds.json token=$.access_token"
/// METHOD and a path relative to --base-url; `body=` is JSON inline or @FILE (sent as
/// application/json); `token=` is an RFC 9535 JSONPath into the JSON answer (default
/// $.access_token). The token is sent as "Authorization: Bearer TOKEN".
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/check/live_http.hpp"
#include "core/flow/jsonpath.hpp"
#include "core/util/error.hpp"

namespace sonde::check::generate {

struct LoginSpec {
  std::string method;  ///< "POST"
  std::string path;    ///< "/login"
  std::string body;    ///< JSON text; empty: no body
  std::optional<flow::JsonPath> token;  ///< always set by parse_login
};

/// Parses the option's value; `body=@FILE` is read here. Usage errors name what is wrong.
Result<LoginSpec> parse_login(std::string_view text);

class TokenSource {
 public:
  /// `headers` are sent with the login request too (a tenant, an API version), credentials aside.
  TokenSource(LoginSpec spec, std::string base_url, std::vector<std::string> headers, double max_time_s);

  /// Logs in; the error (runtime) names the URL and what came back.
  Result<std::string> login();
  /// The current token, after a case got 401 with `stale`: logs in again unless another worker
  /// already did (then its token is returned).
  Result<std::string> refresh(const std::string& stale);
  std::string current() const;
  std::size_t logins() const;

 private:
  Result<std::string> fetch();
  LoginSpec spec_;
  std::string base_url_;
  std::vector<std::string> headers_;
  double max_time_s_;
  mutable std::mutex mutex_;
  std::string token_;
  std::size_t logins_ = 0;
};

}  // namespace sonde::check::generate
