#include "core/openapi/json_scan.hpp"

#include <unordered_set>
#include <vector>

#include "core/util/text_codec.hpp"

namespace sonde::openapi::json_scan {

namespace {

unsigned hex4(std::string_view text, std::size_t pos) {
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + 4 && i < text.size(); ++i) {
    int digit = hex_digit(text[i]);
    v = (v << 4) | static_cast<unsigned>(digit < 0 ? 0 : digit);
  }
  return v;
}

// Decodes the string starting at the opening quote; returns the offset past the closing quote.
std::size_t read_string(std::string_view text, std::size_t pos, std::string* out) {
  std::size_t i = pos + 1;
  while (i < text.size() && text[i] != '"') {
    if (text[i] != '\\') {
      if (out) *out += text[i];
      ++i;
      continue;
    }
    if (i + 1 >= text.size()) return text.size();
    char e = text[i + 1];
    if (e == 'u') {
      unsigned cp = hex4(text, i + 2);
      i += 6;
      // A UTF-16 surrogate pair spells one code point (RFC 8259 section 7).
      if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < text.size() && text[i] == '\\' && text[i + 1] == 'u') {
        unsigned low = hex4(text, i + 2);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 6;
      }
      if (out) sonde::append_utf8(*out, cp);
      continue;
    }
    if (out) {
      switch (e) {
        case 'n': *out += '\n'; break;
        case 't': *out += '\t'; break;
        case 'r': *out += '\r'; break;
        case 'b': *out += '\b'; break;
        case 'f': *out += '\f'; break;
        default: *out += e;
      }
    }
    i += 2;
  }
  return i < text.size() ? i + 1 : text.size();
}

}  // namespace

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t')) ++pos;
  return pos;
}

std::size_t skip_value(std::string_view text, std::size_t pos) {
  pos = skip_space(text, pos);
  if (pos >= text.size()) return pos;
  char c = text[pos];
  if (c == '"') return read_string(text, pos, nullptr);
  if (c != '{' && c != '[') {
    while (pos < text.size() && text[pos] != ',' && text[pos] != '}' && text[pos] != ']' && text[pos] != ' ' &&
           text[pos] != '\n' && text[pos] != '\r' && text[pos] != '\t')
      ++pos;
    return pos;
  }
  int depth = 0;
  while (pos < text.size()) {
    char d = text[pos];
    if (d == '"') {
      pos = read_string(text, pos, nullptr);
      continue;
    }
    if (d == '{' || d == '[') ++depth;
    if (d == '}' || d == ']') {
      if (--depth == 0) return pos + 1;
    }
    ++pos;
  }
  return pos;
}

void for_each_member(std::string_view text, std::size_t pos,
                     const std::function<void(const std::string&, std::size_t)>& member) {
  pos = skip_space(text, pos);
  if (pos >= text.size() || (text[pos] != '{' && text[pos] != '[')) return;
  bool object = text[pos] == '{';
  ++pos;
  std::size_t index = 0;
  while (true) {
    pos = skip_space(text, pos);
    if (pos >= text.size() || text[pos] == '}' || text[pos] == ']') return;
    std::string key;
    if (object) {
      if (text[pos] != '"') return;
      pos = read_string(text, pos, &key);
      pos = skip_space(text, pos);
      if (pos >= text.size() || text[pos] != ':') return;
      ++pos;
    } else {
      key = std::to_string(index++);
    }
    std::size_t value = skip_space(text, pos);
    member(key, value);
    pos = skip_space(text, skip_value(text, value));
    if (pos < text.size() && text[pos] == ',') ++pos;
  }
}

DuplicateKey find_duplicate_key(std::string_view text) {
  struct Level {
    bool object;
    std::unordered_set<std::string> keys;
  };
  std::vector<Level> open;
  bool expect_key = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::string key;
      std::size_t end = read_string(text, i, expect_key ? &key : nullptr);
      if (expect_key && !open.back().keys.insert(key).second) return {i, std::move(key)};
      expect_key = false;
      i = end - 1;
    } else if (c == '{' || c == '[') {
      open.push_back({c == '{', {}});
      expect_key = c == '{';
    } else if (c == '}' || c == ']') {
      if (!open.empty()) open.pop_back();
      expect_key = false;
    } else if (c == ',') {
      expect_key = !open.empty() && open.back().object;
    }
  }
  return {};
}

std::size_t too_deep(std::string_view text, int max_depth) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      i = read_string(text, i, nullptr) - 1;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return npos;
}

}  // namespace sonde::openapi::json_scan
