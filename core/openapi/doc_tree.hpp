#pragma once
/// A compact, read-only JSON tree for descriptions (issue 18: memory proportional to the file).
/// nlohmann::json spends a heap allocation per object member (a std::map node, ~96 bytes) and per
/// string: a 47 MB description took ~172 MB as a tree. Here every value is 16 bytes, an object's
/// members are one sorted array of 32-byte entries, keys are interned (descriptions repeat a few
/// hundred key names millions of times), and all of it lives in a few large blocks owned by the
/// tree: ~1.5x the text, built without a malloc per value, freed at once.
///
/// Members iterate in key order, as nlohmann's std::map does, so whatever reads a tree reads both
/// the same way; to_json() gives a subtree as nlohmann::json where code needs one (a value to
/// print, a schema to compile). Not yet what openapi::Node points at: see the note of the stop
/// that added it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
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

  /// Members of an object, items of an array; 0 for anything else (nlohmann says 1 for a scalar:
  /// callers here ask only containers).
  std::size_t size() const { return is_object() || is_array() ? size_ : 0; }
  bool empty() const { return size() == 0; }

  std::string_view string() const { return is_string() ? std::string_view(u_.text, size_) : std::string_view(); }
  bool boolean() const { return is_boolean() && u_.flag; }
  std::int64_t integer() const { return u_.i; }
  std::uint64_t unsigned_integer() const { return u_.u; }
  double floating() const { return u_.d; }
  /// Any number as a double.
  double number() const;

  /// The member named `key` (binary search), or nullptr.
  const DocValue* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  /// Member `i` of an object (key order).
  std::string_view key_at(std::size_t i) const;
  const DocValue& value_at(std::size_t i) const;
  /// Item `i` of an array.
  const DocValue& operator[](std::size_t i) const { return u_.items[i]; }
  std::span<const DocValue> items() const { return is_array() ? std::span<const DocValue>(u_.items, size_) : std::span<const DocValue>(); }

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
  DocValue value;
  std::string_view key() const { return {key_data, key_size}; }
};

static_assert(sizeof(DocEntry) == 32);

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

/// Parses well-formed JSON as nlohmann would read it (the same values and number types; a
/// duplicate key, a lone surrogate, invalid UTF-8, a number out of range or nesting deeper than
/// 512 are refused: nullopt, and the caller's nlohmann path words the error).
std::optional<DocTree> parse_doc_tree(std::string_view text);

/// A tree built from nlohmann::json (YAML descriptions arrive as that).
DocTree doc_tree_from_json(const nlohmann::json& value);

}  // namespace sonde::openapi
