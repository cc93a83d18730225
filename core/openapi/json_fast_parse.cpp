#include "core/openapi/json_fast_parse.hpp"

#include <cstdint>
#include <new>
#include <string>

#include "core/openapi/json_lexer.hpp"
#include "core/openapi/json_parse.hpp"

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

  bool string(std::string& out) { return json_lexer::read_string(p_, end_, out); }

  bool number(json& slot) {
    json_lexer::Number n;
    if (!json_lexer::read_number(p_, end_, n)) return false;
    switch (n.kind) {
      case json_lexer::Number::Kind::integer: slot = n.integer; break;
      case json_lexer::Number::Kind::unsigned_integer: slot = n.unsigned_integer; break;
      case json_lexer::Number::Kind::floating: slot = n.floating; break;
    }
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
