#pragma once
/// Values a HAR holds masked. sonde writes traffic with its credentials masked ("***", and
/// "Bearer ***" for an Authorization header; core/util/redaction.hpp, body_redaction.hpp), and so
/// do other tools' sanitizers: checked later with `check --har`, a masked password would break its
/// `minLength`, a masked token its `pattern`, a masked Cookie header every cookie parameter. Such
/// a value says nothing about what was sent, so a violation about it is set aside and counted
/// (ExchangeResult::masked), never reported as the service's fault.
///
/// A value counts as masked where the redaction policy would have masked it: "***" under a
/// credential name (a secret header, a credential-named query parameter, form field, multipart
/// part or JSON member, or any string inside such a member's object or array, in the media types
/// the redaction reads), or Authorization's "<scheme> ***". A masked Cookie header hides every
/// cookie. A missing or refused credential is never set aside: masking keeps its presence.
#include <string>
#include <string_view>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/check/request_check.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check {

struct MaskedSpots {
  /// Request locations as request violations name them: "/header/authorization" (lower case),
  /// "/query/api_key", "/cookie" (all cookies), "/body/password", "/body/auth/token".
  std::vector<std::string> request;
  std::vector<std::string> response_headers;  ///< lower-case names
  std::vector<std::string> response_body;     ///< JSON pointers into the response body
  bool empty() const { return request.empty() && response_headers.empty() && response_body.empty(); }
};

/// Where `exchange` holds masked values, under `redactor`'s policy (its --redact names count).
MaskedSpots masked_spots(const HttpExchange& exchange, const Redactor& redactor);

/// Whether the request violation of `kind` (request_kind::) at `where` ("/query/key", "/body/a/0")
/// is about a masked spot: the spot itself or a place inside it, for the kinds that read a value
/// (a parameter's, a body's), and for any cookie behind a masked Cookie header. Header names
/// compare case-insensitively.
bool masks_request(const MaskedSpots& spots, std::string_view kind, std::string_view where);

/// Whether a response violation is about a masked header or a masked place of the body.
bool masks_response(const MaskedSpots& spots, const ExchangeViolation& violation);

}  // namespace sonde::check
