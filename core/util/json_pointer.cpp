#include "core/util/json_pointer.hpp"

#include <charconv>

namespace sonde::json_pointer {

namespace {

void escape_into(std::string& out, std::string_view token) {
  if (token.find_first_of("~/") == std::string_view::npos) {
    out += token;
    return;
  }
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
}

}  // namespace

std::string escape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  escape_into(out, token);
  return out;
}

Result<std::string> unescape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      out += token[i];
      continue;
    }
    if (i + 1 >= token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) {
      return fail(ErrorKind::invalid_input, "invalid JSON pointer escape (\"~\" must be followed by 0 or 1)",
                  std::string(token));
    }
    out += token[i + 1] == '0' ? '~' : '/';
    ++i;
  }
  return out;
}

std::string append(std::string_view pointer, std::string_view token) {
  std::string out;
  out.reserve(pointer.size() + 1 + token.size());
  out += pointer;
  out += '/';
  escape_into(out, token);
  return out;
}

Result<std::vector<std::string>> split(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') {
    return fail(ErrorKind::invalid_input, "JSON pointer must start with \"/\"", std::string(pointer));
  }
  std::size_t start = 1;
  while (true) {
    std::size_t end = pointer.find('/', start);
    auto token = unescape(pointer.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!token) return std::unexpected(token.error());
    tokens.push_back(std::move(*token));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return tokens;
}

const nlohmann::json* step(const nlohmann::json& node, std::string_view token) {
  if (node.is_object()) {
    auto it = node.find(token);
    return it == node.end() ? nullptr : &*it;
  }
  if (!node.is_array()) return nullptr;
  auto index = array_index(token, node.size());
  return index ? &node[*index] : nullptr;
}

std::optional<std::size_t> array_index(std::string_view token, std::size_t size) {
  if (token.empty() || token.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::size_t index = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (ec != std::errc{} || index >= size) return std::nullopt;
  return index;
}

}  // namespace sonde::json_pointer
