#pragma once
/// Request values that are not JSON read as the JSON their schemas validate: a parameter's or a
/// form field's text typed by its schema, a form-urlencoded body and a multipart/form-data body
/// as objects (with the multipart encoding object's checks). Used by core/check/request_check.
#include <string>
#include <vector>

#include "core/check/multipart.hpp"
#include "core/check/request_check.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::check {

/// `raw` as a JSON value of `type`: a number or boolean when it reads as one, else a string (so
/// that the validator reports the mismatch). Bytes that are not UTF-8 become U+FFFD.
std::string scalar_json(const std::string& raw, const std::string& type);
std::vector<std::string> split(const std::string& text, char separator);
/// The schema's type ("" when it names none); "array"/"object" inferred from items/properties.
std::string type_of(const openapi::Document& doc, const openapi::Node& schema);
std::string item_type_of(const openapi::Document& doc, const openapi::Node& schema);

bool is_json_media(const std::string& media);
bool is_form_media(const std::string& media);
bool is_multipart_form_media(const std::string& media);

/// A form body as the JSON object its schema reads.
std::string form_json(const openapi::Document& doc, const openapi::Node& schema, const std::string& body);

/// A multipart/form-data body read for `media`: the JSON object its schema validates (parts
/// typed by their properties; object parts parsed as JSON; repeated names as arrays), plus what
/// is wrong before any schema: a part that should be JSON and is not, a part whose Content-Type
/// is not one its encoding object allows.
struct MultipartReading {
  std::string json;
  std::vector<RequestViolation> violations;
};
MultipartReading multipart_json(const openapi::Document& doc, const openapi::MediaType& media,
                                 const std::vector<MultipartPart>& parts);

}  // namespace sonde::check
