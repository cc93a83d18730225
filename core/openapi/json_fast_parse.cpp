#include "core/openapi/json_fast_parse.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <new>
#include <string>

#include "core/openapi/json_parse.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::openapi {

namespace {

using json = nlohmann::json;

// Deeper nesting is left to nlohmann's parser, which does not recurse (SourceFile refuses
// documents deeper than ParseLimits::max_depth before parsing anyway).
constexpr int k_max_depth = 512;

class FastParser {
 public:
  explicit FastParser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool document(json& root) {
    skip_space();
    if (!value(root, 0)) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // Parses into `slot`, which already sits in the tree: a partial tree hangs from the root, where
  // parse_json_fast releases it if memory runs out.
  bool value(json& slot, int depth) {
    if (p_ >= end_) return false;
    switch (*p_) {
      case '{': return object(slot, depth + 1);
      case '[': return array(slot, depth + 1);
      case '"': {
        slot = json::string_t();
        return string(slot.get_ref<json::string_t&>());
      }
      case 't':
        slot = true;
        return literal("true");
      case 'f':
        slot = false;
        return literal("false");
      case 'n':
        slot = nullptr;
        return literal("null");
      default: return number(slot);
    }
  }

  bool object(json& slot, int depth) {
    if (depth > k_max_depth) return false;
    ++p_;  // '{'
    slot = json::object();
    auto& members = slot.get_ref<json::object_t&>();
    skip_space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    std::string key;
    while (true) {
      if (p_ >= end_ || *p_ != '"') return false;
      key.clear();
      if (!string(key)) return false;
      skip_space();
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      skip_space();
      std::size_t before = members.size();
      // Members often come in order: a hint at the end makes their insertion constant time.
      auto it = members.emplace_hint(members.end(), std::move(key), nullptr);
      if (members.size() == before) return false;  // a duplicate: nlohmann's path words the error
      if (!value(it->second, depth)) return false;
      skip_space();
      if (p_ >= end_) return false;
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
      skip_space();
    }
  }

  bool array(json& slot, int depth) {
    if (depth > k_max_depth) return false;
    ++p_;  // '['
    slot = json::array();
    auto& items = slot.get_ref<json::array_t&>();
    skip_space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      items.emplace_back();
      // items.back() stays put while it is parsed: the array grows only after it is complete.
      if (!value(items.back(), depth)) return false;
      skip_space();
      if (p_ >= end_) return false;
      if (*p_ == ']') {
        ++p_;
        items.shrink_to_fit();
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
      skip_space();
    }
  }

  bool hex4(unsigned& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_digit(*p_++);
      if (digit < 0) return false;
      out = out * 16 + static_cast<unsigned>(digit);
    }
    return true;
  }

  // \uXXXX, with a surrogate pair read as one code point; a lone surrogate is nlohmann's to refuse.
  bool unicode_escape(std::string& out) {
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return true;
  }

  // A string from its opening quote; `out` gets its exact contents.
  bool string(std::string& out) {
    ++p_;  // '"'
    const char* run = p_;
    // First pass: the common string has no escape and no byte above 0x7F; it is copied at once.
    while (p_ < end_) {
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.assign(run, p_);
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p_;
    }
    out.assign(run, p_);
    while (p_ < end_) {
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        // Checked as nlohmann checks it (RFC 3629): no overlong form, surrogate or code point
        // above U+10FFFF.
        std::size_t length = utf8_sequence_length(p_, end_);
        if (length == 0) return false;
        out.append(p_, length);
        p_ += length;
        continue;
      }
      if (c != '\\') {
        const char* start = p_;
        while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20 &&
               static_cast<unsigned char>(*p_) < 0x80) {
          ++p_;
        }
        out.append(start, p_);
        continue;
      }
      if (++p_ >= end_) return false;
      char escaped = *p_++;
      switch (escaped) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u':
          if (!unicode_escape(out)) return false;
          break;
        default: return false;
      }
    }
    return false;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // RFC 8259's number grammar, then typed as nlohmann types it: an integer without a sign is
  // unsigned, with a minus signed, either one that does not fit is a double, and anything with a
  // fraction or an exponent is a double (from_chars rounds as strtod does: correctly).
  bool number(json& slot) {
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ >= end_ || !digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    bool integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ >= end_ || !digit(*p_)) return false;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || !digit(*p_)) return false;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (integral) {
      if (*start == '-') {
        std::int64_t v = 0;
        if (auto r = std::from_chars(start, p_, v); r.ec == std::errc{} && r.ptr == p_) {
          slot = v;
          return true;
        }
      } else {
        std::uint64_t v = 0;
        if (auto r = std::from_chars(start, p_, v); r.ec == std::errc{} && r.ptr == p_) {
          slot = v;
          return true;
        }
      }
    }
    double v = 0;
    auto r = std::from_chars(start, p_, v);
    // Out of range (overflow, or an underflow strtod would round to a denormal): nlohmann decides.
    if (r.ec != std::errc{} || r.ptr != p_ || !std::isfinite(v)) return false;
    slot = v;
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

std::optional<json> parse_json_fast(std::string_view text) {
  json root;
  try {
    if (FastParser(text).document(root)) return root;
  } catch (const std::bad_alloc&) {
    release_tree(root);
    throw;
  }
  release_tree(root);
  return std::nullopt;
}

}  // namespace sonde::openapi
