// The one file that calls nlohmann's parser on whole documents: its errors end here.
#include "core/openapi/json_parse.hpp"

#include <new>
#include <vector>

#include "core/openapi/json_fast_parse.hpp"
#include "core/openapi/json_scan.hpp"
#include "core/util/text_codec.hpp"
#include "core/util/text.hpp"

namespace sonde::openapi {

namespace {

using json = nlohmann::json;

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 3, column 5: "
// and may end with "; last read: '<token>'", the token as read: it can be a whole megabyte string
// or hold the very bytes that are not UTF-8, so it is kept only when short and well-formed.
std::string json_message(const std::string& what) {
  auto colon = what.find(": ");
  std::string message = colon == std::string::npos ? what : what.substr(colon + 2);
  if (auto last = message.find("; last read: "); last != std::string::npos) {
    std::string_view token = std::string_view(message).substr(last);
    if (token.size() > 60 || invalid_utf8_at(token) != std::string_view::npos) message.resize(last);
  }
  return "invalid JSON: " + message;
}

// Builds the tree like nlohmann's own DOM parser, but stops at a duplicate key and keeps the
// position of an error instead of throwing.
class DomBuilder {
 public:
  explicit DomBuilder(json& root) : root_(root) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool v) { return put(v) != nullptr; }
  bool number_integer(json::number_integer_t v) { return put(v) != nullptr; }
  bool number_unsigned(json::number_unsigned_t v) { return put(v) != nullptr; }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(v) != nullptr; }
  bool string(json::string_t& v) { return put(std::move(v)) != nullptr; }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))) != nullptr; }
  bool start_object(std::size_t) {
    stack_.push_back(put(json::object()));
    return true;
  }
  bool key(json::string_t& name) {
    auto& members = stack_.back()->get_ref<json::object_t&>();
    auto [it, inserted] = members.emplace(std::move(name), nullptr);
    if (!inserted) {
      duplicate_ = true;
      return false;
    }
    slot_ = &it->second;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back(put(json::array()));
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& token, const json::exception& e) {
    if (e.id == 406) {  // out_of_range: number overflow; the position is just past the number
      error_ = {"number too large: " + shortened(token, 20), position >= token.size() ? position - token.size() : 0};
    } else {
      error_ = {json_message(e.what()), position > 0 ? position - 1 : 0};
    }
    return false;
  }

  bool duplicate() const { return duplicate_; }
  const JsonParseError& error() const { return error_; }

 private:
  // Where the next value goes: the root, the end of the open array, or the member named last.
  // Pointers into an array stay valid: a parent only grows after its open child is closed.
  template <class V>
  json* put(V&& value) {
    if (stack_.empty()) {
      root_ = json(std::forward<V>(value));
      return &root_;
    }
    json* top = stack_.back();
    if (top->is_array()) {
      auto& items = top->get_ref<json::array_t&>();
      items.emplace_back(std::forward<V>(value));
      return &items.back();
    }
    *slot_ = json(std::forward<V>(value));
    return slot_;
  }

  json& root_;
  std::vector<json*> stack_;
  json* slot_ = nullptr;
  bool duplicate_ = false;
  JsonParseError error_;
};

}  // namespace

void release_tree(json& tree) noexcept {
  if (tree.is_array()) {
    auto& items = tree.get_ref<json::array_t&>();
    while (!items.empty()) {
      release_tree(items.back());
      items.pop_back();  // an empty container or a scalar: its destructor allocates nothing
    }
  } else if (tree.is_object()) {
    auto& members = tree.get_ref<json::object_t&>();
    while (!members.empty()) {
      release_tree(members.begin()->second);
      members.erase(members.begin());
    }
  }
}

std::expected<json, JsonParseError> parse_json_text(std::string_view text) {
  if (auto fast = parse_json_fast(text)) return std::move(*fast);
  json root;
  DomBuilder builder(root);
  bool parsed = false;
  try {
    parsed = json::sax_parse(text, &builder);
  } catch (const std::bad_alloc&) {
    release_tree(root);
    throw;
  }
  if (parsed) return root;
  if (!builder.duplicate()) return std::unexpected(builder.error());
  auto dup = json_scan::find_duplicate_key(text);
  return std::unexpected(JsonParseError{"duplicate key \"" + shortened(dup.key, 80) + "\"", dup.offset});
}

}  // namespace sonde::openapi
