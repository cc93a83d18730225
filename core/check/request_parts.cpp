#include "core/check/request_parts.hpp"

#include <strings.h>

#include "core/util/text_codec.hpp"

namespace sonde::check {

std::optional<std::string> header_of(const HeaderPairs& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> query_parameters(std::string_view target) {
  std::vector<std::pair<std::string, std::string>> out;
  auto question = target.find('?');
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      for (char& c : key) c = c == '+' ? ' ' : c;
      for (char& c : value) c = c == '+' ? ' ' : c;
      out.emplace_back(percent_decode(key), percent_decode(value));
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> cookie_pairs(const HeaderPairs& headers) {
  std::vector<std::pair<std::string, std::string>> pairs;
  auto cookie = header_of(headers, "Cookie");
  if (!cookie) return pairs;
  std::string_view rest = *cookie;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view item = rest.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    auto eq = item.find('=');
    if (eq != std::string_view::npos && eq > 0) pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    rest = rest.substr(semi + 1);
  }
  return pairs;
}

std::vector<std::string> cookie_names(const HeaderPairs& headers) {
  std::vector<std::string> names;
  for (auto& [name, value] : cookie_pairs(headers)) names.push_back(std::move(name));
  return names;
}

}  // namespace sonde::check
