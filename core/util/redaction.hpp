#pragma once
/// The one redaction policy of every subcommand and every output (text, JSON, verbose logs,
/// reports, --print-curl): credentials are shown masked unless the user asks with --show-secrets.
///
/// Secret headers: Authorization, Proxy-Authorization, Cookie, Set-Cookie, any name containing
/// "api-key", "apikey", "api_key", "token", "secret", "password", "passwd" or "session" (X-API-Key,
/// X-Auth-Token, X-Session-Id...), plus names given with --redact. A URL's user:password is
/// masked too, in the request's URL and in headers that carry one (Location, Content-Location,
/// Referer). In a URL's query, the values of parameters named like a credential are masked as
/// well: the header names above, plus "key", "sig", "signature" and "credential" (Google's
/// ?key=, signed URLs' X-Amz-Signature/X-Amz-Credential and sig=). Idempotency-Key is not a
/// secret: replay prints it on purpose. Bodies: core/util/body_redaction.hpp.
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

class Redactor {
 public:
  explicit Redactor(std::vector<std::string> extra_names = {}, bool show_secrets = false);
  /// A redactor that masks nothing (--show-secrets).
  static Redactor showing_all() { return Redactor({}, true); }

  /// True when the value of header `name` is a credential (whether or not it is shown).
  bool is_secret(std::string_view name) const;
  /// The value as it may be shown: "***" for a secret ("Bearer ***" keeps the auth scheme), a
  /// URL-valued header with its password masked.
  std::string shown(std::string_view name, std::string_view value) const;
  /// "Name: value" with the value as it may be shown.
  std::string shown_line(std::string_view header_line) const;
  /// The URL with a password in its user-info masked (http://user:***@host/) and the values of
  /// credential-named query parameters masked (?api_key=***&page=2).
  std::string shown_url(std::string_view url) const;
  /// A query string (the part after '?', or a form-urlencoded body) with the values of
  /// credential-named parameters masked: "page=2&api_key=***".
  std::string shown_query(std::string_view query) const;
  /// True when a query parameter `name` (already percent-decoded) carries a credential.
  bool is_secret_query(std::string_view name) const;
  /// True under --show-secrets: nothing is masked.
  bool shows_all() const { return show_; }
  /// True for the headers whose value is a URL (Location, Content-Location, Referer).
  static bool is_url_header(std::string_view name);

 private:
  std::vector<std::string> names_;
  bool show_ = false;
};

/// ASCII case-insensitive equality (header names, methods, schemes).
bool iequals_ascii(std::string_view a, std::string_view b);

}  // namespace sonde
