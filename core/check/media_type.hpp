#pragma once
/// Media types (RFC 9110 section 8.3.1): parsing a Content-Type and choosing the documented media
/// type it falls under, wildcards (`application/*`, `*/*`) included.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::check {

/// "type/subtype" in lower case without parameters; empty when malformed.
std::string essence(std::string_view content_type);

/// True when a media type carries JSON: application/json, any "+json" suffix, or text/json.
bool is_json(std::string_view essence);

/// is_json(essence(content_type)) without the lowered copy: asked of every checked response.
bool is_json_content_type(std::string_view content_type);

/// The documented key (as written) that `content_type` matches best: exact, then `type/*`, then
/// `*/*`; parameters such as charset are ignored. nullopt when none matches.
std::optional<std::string> match_media_type(std::string_view content_type, const std::vector<std::string>& documented);

}  // namespace sonde::check
