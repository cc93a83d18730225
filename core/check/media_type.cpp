#include "core/check/media_type.hpp"

#include <algorithm>
#include <cctype>

#include "core/util/text.hpp"

namespace sonde::check {

std::string essence(std::string_view content_type) {
  std::string_view s = sonde::trim(content_type.substr(0, content_type.find(';')), " \t");  // OWS
  auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) return {};
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_json(std::string_view e) {
  return e == "application/json" || e == "text/json" || e.ends_with("+json");
}

std::optional<std::string> match_media_type(std::string_view content_type, const std::vector<std::string>& documented) {
  std::string actual = essence(content_type);
  if (actual.empty()) return std::nullopt;
  std::string type = actual.substr(0, actual.find('/'));
  std::optional<std::string> range, any;
  for (const auto& key : documented) {
    std::string doc = essence(key);
    if (doc == actual) return key;
    if (doc == type + "/*" && !range) range = key;
    if (doc == "*/*" && !any) any = key;
  }
  return range ? range : any;
}

}  // namespace sonde::check
