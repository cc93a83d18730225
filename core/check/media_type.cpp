#include "core/check/media_type.hpp"

#include <algorithm>
#include <cctype>

#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::check {

namespace {

// "type/subtype" as written (case kept), without parameters; empty when malformed.
std::string_view essence_view(std::string_view content_type) {
  std::string_view s = sonde::trim(content_type.substr(0, content_type.find(';')), " \t");  // OWS
  auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) return {};
  return s;
}

}  // namespace

std::string essence(std::string_view content_type) {
  std::string out(essence_view(content_type));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_json(std::string_view e) {
  return e == "application/json" || e == "text/json" || e.ends_with("+json");
}

bool is_json_content_type(std::string_view content_type) {
  const std::string_view e = essence_view(content_type);
  constexpr std::string_view suffix = "+json";
  return iequals_ascii(e, "application/json") || iequals_ascii(e, "text/json") ||
         (e.size() >= suffix.size() && iequals_ascii(e.substr(e.size() - suffix.size()), suffix));
}

std::optional<std::string> match_media_type(std::string_view content_type, const std::vector<std::string>& documented) {
  // Compared in place, case-insensitively: this runs for every exchange checked, and lowering
  // each candidate into a new string cost more than the rest of the match.
  const std::string_view actual = essence_view(content_type);
  if (actual.empty()) return std::nullopt;
  const std::string_view type = actual.substr(0, actual.find('/'));
  const std::string *range = nullptr, *any = nullptr;
  for (const auto& key : documented) {
    const std::string_view doc = essence_view(key);
    if (iequals_ascii(doc, actual)) return key;
    if (!range && doc.size() == type.size() + 2 && doc.ends_with("/*") && iequals_ascii(doc.substr(0, type.size()), type)) {
      range = &key;
    }
    if (!any && doc == "*/*") any = &key;
  }
  if (range) return *range;
  if (any) return *any;
  return std::nullopt;
}

}  // namespace sonde::check
