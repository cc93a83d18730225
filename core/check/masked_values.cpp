#include "core/check/masked_values.hpp"

#include <nlohmann/json.hpp>

#include "core/check/body_json.hpp"
#include "core/check/multipart.hpp"
#include "core/check/request_parts.hpp"
#include "core/util/body_redaction.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/json_pointer.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::check {

namespace {

constexpr std::string_view k_mask = "***";

// "***"; for the headers whose auth scheme masking keeps, "Bearer ***" too.
bool masked_header_value(std::string_view name, std::string_view value) {
  if (value == k_mask) return true;
  if (!iequals_ascii(name, "authorization") && !iequals_ascii(name, "proxy-authorization")) return false;
  auto space = value.find(' ');
  return space != std::string_view::npos && space > 0 && value.substr(space + 1) == k_mask;
}

// The JSON pointers of "***" strings under credential-named members (anywhere inside one, as
// body_redaction masks them).
void json_spots(const nlohmann::json& value, const std::string& pointer, bool secret, const Redactor& redactor,
                const std::string& prefix, std::vector<std::string>& out) {
  if (value.is_string()) {
    if (secret && value.get_ref<const std::string&>() == k_mask) out.push_back(prefix + pointer);
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      json_spots(member, json_pointer::append(pointer, key), secret || redactor.is_secret_query(key), redactor, prefix, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      json_spots(value[i], pointer + "/" + std::to_string(i), secret, redactor, prefix, out);
    }
  }
}

void json_body_spots(std::string_view body, const Redactor& redactor, const std::string& prefix,
                     std::vector<std::string>& out) {
  // json_spots recurses: a body nested past the checks' own limit has no spots (its validation
  // stops at that limit anyway).
  if (json_nesting_exceeds(body)) return;
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) json_spots(parsed, "", false, redactor, prefix, out);
}

// Masked places of a body sent or answered with `content_type`, as pointers after `prefix`: only
// in the media types the redaction masks (body_redaction.hpp), read as it reads them.
void body_spots(std::string_view body, const std::string& content_type, const Redactor& redactor,
                const std::string& prefix, std::vector<std::string>& out) {
  // The media type first: it is a few bytes, the body may be hundreds of MB the redaction never
  // reads (images, archives), not worth scanning for a mask.
  const MaskedMedia media = masked_media(content_type);
  if (media == MaskedMedia::none || body.find(k_mask) == std::string_view::npos) return;
  switch (media) {
    case MaskedMedia::json:
      json_body_spots(body, redactor, prefix, out);
      break;
    case MaskedMedia::form:
      for (const auto& [name, value] : query_parameters("?" + std::string(body))) {
        if (value == k_mask && redactor.is_secret_query(name)) out.push_back(json_pointer::append(prefix, name));
      }
      break;
    case MaskedMedia::multipart: {
      auto parts = parse_multipart(content_type, body);
      if (!parts) break;
      for (const auto& part : *parts) {
        const std::string at = json_pointer::append(prefix, part.name);
        if (redactor.is_secret_query(part.name)) {
          if (part.body == k_mask) out.push_back(at);
        } else if (masked_media(part.content_type) == MaskedMedia::json) {
          json_body_spots(part.body, redactor, at, out);  // a JSON part is masked inside
        }
      }
      break;
    }
    case MaskedMedia::none:
      break;
  }
}

// `where` is `spot` or a place inside it.
bool inside(std::string_view where, std::string_view spot) {
  return where.starts_with(spot) && (where.size() == spot.size() || where[spot.size()] == '/');
}

}  // namespace

MaskedSpots masked_spots(const HttpExchange& exchange, const Redactor& redactor) {
  MaskedSpots spots;
  // Parameters are named as request violations name them: "/query/" + the name as written.
  for (const auto& [name, value] : exchange.request_headers) {
    if (!redactor.is_secret(name) || !masked_header_value(name, value)) continue;
    spots.request.push_back(iequals_ascii(name, "cookie") ? "/cookie" : "/header/" + ascii_lower(name));
  }
  if (auto q = exchange.url.find('?'); q != std::string::npos) {
    for (const auto& [name, value] : query_parameters(std::string_view(exchange.url).substr(q))) {
      if (value == k_mask && redactor.is_secret_query(name)) spots.request.push_back("/query/" + name);
    }
  }
  if (exchange.request_body_recorded) {
    body_spots(exchange.request_body, header_of(exchange.request_headers, "Content-Type").value_or(""), redactor,
               "/body", spots.request);
  }
  for (const auto& [name, value] : exchange.headers) {
    if (redactor.is_secret(name) && masked_header_value(name, value)) spots.response_headers.push_back(ascii_lower(name));
  }
  if (exchange.body_recorded) {
    body_spots(exchange.body.view(), header_of(exchange.headers, "Content-Type").value_or(""), redactor, "",
               spots.response_body);
  }
  return spots;
}

bool masks_request(const MaskedSpots& spots, std::string_view kind, std::string_view where) {
  // Only checks that read a value can be misled by a mask; a missing or refused credential is
  // found from what is present (a masked value still is), except behind a masked Cookie header,
  // which hides which cookies there were.
  const bool reads_value = kind == request_kind::parameter || kind == request_kind::body;
  const bool cookie = where.starts_with("/cookie/");
  if (!reads_value && !(cookie && (kind == request_kind::missing || kind == request_kind::security))) return false;
  std::string folded;
  if (where.starts_with("/header/")) {  // header names are case-insensitive
    folded = ascii_lower(where);
    where = folded;
  }
  for (const auto& spot : spots.request)
    if (inside(where, spot)) return true;
  return false;
}

bool masks_response(const MaskedSpots& spots, const ExchangeViolation& violation) {
  if (violation.kind == kind::header) {
    // "header X-Token: expected ..." (a missing header has no value to be masked)
    std::string_view message = violation.message;
    if (!message.starts_with("header ")) return false;
    auto colon = message.find(':');
    if (colon == std::string_view::npos) return false;
    std::string name = ascii_lower(message.substr(7, colon - 7));
    for (const auto& spot : spots.response_headers)
      if (spot == name) return true;
    return false;
  }
  if (violation.kind != kind::body) return false;
  for (const auto& spot : spots.response_body)
    if (inside(violation.pointer, spot)) return true;
  return false;
}

}  // namespace sonde::check
