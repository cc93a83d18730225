#pragma once
/// Credentials inside message bodies, masked by the same policy as headers and query strings
/// (core/util/redaction.hpp): a login form's password=, an OAuth token response's access_token,
/// a multipart field named client_secret. A field is a credential when a query parameter of its
/// name would be one (Redactor::is_secret_query).
///
/// - JSON (application/json, any +json type): a string under a credential-named member becomes
///   "***"; inside an object or array that is such a member's value, every string does. Numbers,
///   true/false and null stay (counts such as prompt_tokens are no credentials, and the shape is
///   kept), and so does OAuth's token_type (a scheme name beside access_token). Member names are
///   read with their escapes (pass\u0077ord is password). The bytes are edited in place, so
///   formatting and member order survive; a cut or malformed text is masked as far as it reads.
/// - application/x-www-form-urlencoded: name=*** as in a URL's query.
/// - multipart/form-data: the content of a part whose name is a credential becomes ***; other
///   parts are masked by their own media type, except a multipart inside a part, masked whole.
/// Other media types are returned unchanged, and so is everything under Redactor::showing_all().
#include <string>
#include <string_view>

#include "core/util/redaction.hpp"

namespace sonde {

/// The media types whose credentials shown_body masks, by how it reads them.
enum class MaskedMedia { none, json, form, multipart };
MaskedMedia masked_media(std::string_view content_type);

/// `body` as it may be shown, given the Content-Type it travelled with.
std::string shown_body(const Redactor& redactor, std::string_view content_type, std::string_view body);

}  // namespace sonde
