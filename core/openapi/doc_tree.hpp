#pragma once
/// A compact, read-only JSON tree for descriptions (issue 18: memory proportional to the file).
/// nlohmann::json spends a heap allocation per object member (a std::map node, ~96 bytes) and per
/// string: a 47 MB description took ~172 MB as a tree. Here every value is 16 bytes, an object's
/// members are one sorted array of 32-byte entries, keys and strings are interned (descriptions
/// repeat a few hundred key names millions of times, and their `$ref`s, types and shared
/// descriptions too: graph-beta.json's 29 MB of strings hold 5 MB of distinct ones), and all of it
/// lives in a few large blocks owned by the tree: ~1.1x the text, built without a malloc per
/// value, freed at once.
///
/// Members iterate in key order, as nlohmann's std::map does, so whatever reads a tree reads both
/// the same way; to_json() gives a subtree as nlohmann::json where code needs one (a value to
/// print, a schema to compile). openapi::Node points into one.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <iterator>
#include <tuple>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace sonde::openapi {

struct DocEntry;  // an object's member: its key and value (32 bytes)

class DocValue {
 public:
  enum class Kind : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool is_boolean() const { return kind_ == Kind::boolean; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_array() const { return kind_ == Kind::array; }
  bool is_object() const { return kind_ == Kind::object; }
  bool is_number() const { return kind_ == Kind::integer || kind_ == Kind::unsigned_integer || kind_ == Kind::floating; }
  bool is_number_integer() const { return kind_ == Kind::integer || kind_ == Kind::unsigned_integer; }
  bool is_number_unsigned() const { return kind_ == Kind::unsigned_integer; }
  bool is_number_float() const { return kind_ == Kind::floating; }
  /// nlohmann's names: "null", "boolean", "number", "string", "array", "object".
  const char* type_name() const;

  /// Members of an object, items of an array, 0 for null and 1 for any other value: nlohmann's
  /// answers, so `!v.empty()` reads a description the same on either tree.
  std::size_t size() const { return is_object() || is_array() ? size_ : is_null() ? 0 : 1; }
  bool empty() const { return size() == 0; }

  std::string_view string() const { return is_string() ? std::string_view(u_.text, size_) : std::string_view(); }
  bool boolean() const { return is_boolean() && u_.flag; }
  std::int64_t integer() const { return u_.i; }
  std::uint64_t unsigned_integer() const { return u_.u; }
  double floating() const { return u_.d; }
  /// Any number as a double.
  double number() const;

  /// The member named `key` (binary search), or nullptr.
  const DocValue* member(std::string_view key) const;
  /// The entry (key and value) of the member named `key`, or nullptr.
  const DocEntry* entry(std::string_view key) const;
  bool contains(std::string_view key) const { return member(key) != nullptr; }
  /// True for a string equal to `text` (nlohmann's json == "text").
  bool operator==(std::string_view text) const { return is_string() && string() == text; }
  /// Member `i` of an object (key order).
  std::string_view key_at(std::size_t i) const;
  const DocValue& value_at(std::size_t i) const;
  /// Item `i` of an array.
  const DocValue& operator[](std::size_t i) const { return u_.items[i]; }
  /// The member named `key`, or a null value when there is none.
  const DocValue& operator[](std::string_view key) const;
  /// nlohmann's get<T>() for the types descriptions hold: std::string, std::string_view, bool,
  /// integers and double (a value of another kind gives T's empty value).
  template <class T>
  T get() const {
    if constexpr (std::is_same_v<T, std::string>) return str();
    else if constexpr (std::is_same_v<T, std::string_view>) return string();
    else if constexpr (std::is_same_v<T, bool>) return boolean();
    else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(number());
    else {
      static_assert(std::is_integral_v<T>);
      if (kind_ == Kind::integer) return static_cast<T>(u_.i);
      if (kind_ == Kind::unsigned_integer) return static_cast<T>(u_.u);
      if (kind_ == Kind::floating) return static_cast<T>(u_.d);
      return T{};
    }
  }
  /// The items of an array (empty for anything else).
  std::span<const DocValue> elements() const { return is_array() ? std::span<const DocValue>(u_.items, size_) : std::span<const DocValue>(); }
  /// The members of an object in key order (empty for anything else).
  std::span<const DocEntry> members() const;
  /// members() under nlohmann's name: `for (const auto& [key, value] : v.items())` reads alike.
  std::span<const DocEntry> items() const { return members(); }
  /// One JSON pointer step: the member `token` of an object, or the item at decimal index
  /// `token` of an array; nullptr when there is none.
  const DocValue* step(std::string_view token) const;
  /// The string as a std::string (empty for anything else).
  std::string str() const { return std::string(string()); }
  /// The value as JSON text, as nlohmann's dump() writes it (bytes that are not UTF-8, which a
  /// YAML file may hold, replaced by U+FFFD rather than thrown on).
  std::string dump() const { return to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

  /// Walks the members of an object (key() and value()) or the items of an array (value(); key()
  /// is empty), as nlohmann's iterators do; a scalar has none.
  class const_iterator {
   public:
    const_iterator() = default;
    std::string_view key() const;
    const DocValue& value() const;
    const DocValue& operator*() const { return value(); }
    const DocValue* operator->() const { return &value(); }
    using iterator_category = std::forward_iterator_tag;
    using value_type = DocValue;
    using difference_type = std::ptrdiff_t;
    using pointer = const DocValue*;
    using reference = const DocValue&;
    const_iterator& operator++();
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const const_iterator& other) const { return member_ == other.member_ && item_ == other.item_; }

   private:
    friend class DocValue;
    const DocEntry* member_ = nullptr;
    const DocValue* item_ = nullptr;
  };
  const_iterator begin() const;
  const_iterator end() const;
  /// The member named `key`, or end(): nlohmann's find().
  const_iterator find(std::string_view key) const;

  /// The subtree as nlohmann::json (a copy).
  nlohmann::json to_json() const;

 private:
  friend class DocTreeBuilder;
  Kind kind_ = Kind::null;
  std::uint32_t size_ = 0;  ///< string bytes, members or items
  union Payload {
    const char* text;
    const DocValue* items;
    const DocEntry* members;  ///< size_ of them, sorted by key
    std::int64_t i;
    std::uint64_t u;
    double d;
    bool flag;
  } u_{nullptr};
};

static_assert(sizeof(DocValue) == 16);

struct DocEntry {
  const char* key_data;  ///< interned: equal keys share their bytes
  std::uint32_t key_size;
  DocValue val;
  std::string_view key() const { return {key_data, key_size}; }
  const DocValue& value() const { return val; }
  /// `const auto& [key, value] = entry` (string_view, const DocValue&).
  template <std::size_t I>
  decltype(auto) get() const {
    if constexpr (I == 0) return key();
    else return (val);
  }
};

}  // namespace sonde::openapi

template <>
struct std::tuple_size<sonde::openapi::DocEntry> : std::integral_constant<std::size_t, 2> {};
template <>
struct std::tuple_element<0, sonde::openapi::DocEntry> {
  using type = std::string_view;
};
template <>
struct std::tuple_element<1, sonde::openapi::DocEntry> {
  using type = const sonde::openapi::DocValue&;
};

namespace sonde::openapi {

inline std::span<const DocEntry> DocValue::members() const {
  return is_object() ? std::span<const DocEntry>(u_.members, size_) : std::span<const DocEntry>();
}
inline DocValue::const_iterator& DocValue::const_iterator::operator++() {
  if (member_) ++member_;
  else ++item_;
  return *this;
}
inline std::string_view DocValue::const_iterator::key() const { return member_ ? member_->key() : std::string_view(); }
inline const DocValue& DocValue::const_iterator::value() const { return member_ ? member_->val : *item_; }
inline DocValue::const_iterator DocValue::begin() const {
  const_iterator it;
  if (is_object()) it.member_ = u_.members;
  else if (is_array()) it.item_ = u_.items;
  return it;
}
inline DocValue::const_iterator DocValue::end() const {
  const_iterator it;
  if (is_object()) it.member_ = u_.members + size_;
  else if (is_array()) it.item_ = u_.items + size_;
  return it;
}
inline DocValue::const_iterator DocValue::find(std::string_view key) const {
  const DocEntry* found = entry(key);
  if (!found) return end();
  const_iterator it;
  it.member_ = found;
  return it;
}

static_assert(sizeof(DocEntry) == 32);

/// a == b as nlohmann::json's operator== finds it (numbers by value whatever their kind), without
/// converting either side, except that NaN (YAML's .nan) equals NaN, so a value equals itself.
/// The diff compares defaults this way.
bool values_equal(const DocValue& a, const DocValue& b);
/// The same kinds and values, as their JSON text would be (1 and 1.0 differ, so do 0.0 and
/// -0.0; NaN equals NaN): what comparing dump()s said, without writing them. Enums compare so.
bool values_identical(const DocValue& a, const DocValue& b);

/// A parsed document: the root and the blocks that hold everything under it.
class DocTree {
 public:
  DocTree() = default;
  DocTree(DocTree&&) noexcept = default;
  DocTree& operator=(DocTree&&) noexcept = default;

  const DocValue& root() const { return root_; }
  /// Bytes held by the tree's blocks (for benchmarks and tests).
  std::size_t bytes() const { return bytes_; }

 private:
  friend class DocTreeBuilder;
  DocValue root_;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::size_t bytes_ = 0;
};

/// Deepest nesting parse_doc_tree takes (512 levels pass, 513 do not).
inline constexpr int k_doc_tree_max_depth = 512;

/// Parses well-formed JSON as nlohmann would read it (the same values and number types; a
/// duplicate key, a lone surrogate, invalid UTF-8, a number out of range or nesting deeper than
/// 512 are refused: nullopt, and the caller's nlohmann path words the error).
std::optional<DocTree> parse_doc_tree(std::string_view text);

/// Told, every `every` bytes or so, how far a parse has read: the parse never reads text before
/// `offset` again, so the caller may let it go (SourceFile does, for a large file).
class ParseProgress {
 public:
  virtual ~ParseProgress() = default;
  virtual void reached(std::size_t offset) = 0;
  std::size_t every = std::size_t{4} << 20;
};

/// parse_doc_tree, reporting its progress to `progress`.
std::optional<DocTree> parse_doc_tree(std::string_view text, ParseProgress& progress);

/// A tree built from nlohmann::json (YAML descriptions arrive as that).
DocTree doc_tree_from_json(const nlohmann::json& value);

}  // namespace sonde::openapi
