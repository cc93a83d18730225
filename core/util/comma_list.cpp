#include "core/util/comma_list.hpp"

namespace sonde {

namespace {

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

}  // namespace

std::vector<std::string> comma_items(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto comma = text.find(',', start);
    out.push_back(trimmed(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<std::string> nonempty_comma_items(std::string_view text) {
  std::vector<std::string> out;
  for (auto& item : comma_items(text)) {
    if (!item.empty()) out.push_back(std::move(item));
  }
  return out;
}

}  // namespace sonde
