#pragma once
/// A compact, read-only JSON document for validating bodies: one 16-byte entry per value or key in
/// a flat tape, strings as views into the (in-place unescaped) input, integers exact at any size
/// (beyond int64 the literal text is kept). nlohmann's DOM costs ~6.5x the body; a whole tape of
/// the 100 MB bench body costs ~0.65x more (185 MB peak, whole process), and the streaming calls
/// (next_in_array, next_in_object, parse_one) let large containers be validated piece by piece.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::check {

enum class JsonType : std::uint8_t { null, boolean, integer, number, string, array, object };

/// Name used in messages: "null", "boolean", "integer", "number", "string", "array", "object".
std::string_view type_name(JsonType type);

struct TextSpan {
  std::uint32_t offset, length;
};

struct TapeEntry {
  JsonType type = JsonType::null;
  std::uint8_t flag = 0;   ///< boolean value; for integers 1 = beyond int64 (text kept)
  std::uint16_t unused = 0;
  std::uint32_t next = 0;  ///< index just past this value's subtree
  union {
    std::int64_t i;        ///< integer (flag 0)
    double d;              ///< number with fraction or exponent
    TextSpan s;  ///< string, big integer text
    std::uint64_t count;   ///< array elements or object members
  };
  TapeEntry() : i(0) {}
};

class Tape;

/// A view of one value inside a Tape; cheap to copy.
class JsonValue {
 public:
  JsonValue(const Tape* tape, std::uint32_t index) : tape_(tape), index_(index) {}
  JsonType type() const { return entry().type; }
  const TapeEntry& entry() const;
  bool as_bool() const { return entry().flag != 0; }
  /// Strings: the unescaped text; big integers: the literal.
  std::string_view text() const;
  bool is_big_integer() const { return type() == JsonType::integer && entry().flag == 1; }
  /// The value as a double (big integers approximated, for messages and multipleOf only).
  double as_double() const;
  std::size_t size() const { return entry().count; }
  std::uint32_t index() const { return index_; }
  const Tape* tape() const { return tape_; }
  /// First child (array element, or object key; its value follows the key).
  JsonValue first_child() const { return {tape_, index_ + 1}; }
  JsonValue next_sibling() const;
  /// Object member lookup by key (linear); absent: an entry of index 0 with found()==false.
  bool find(std::string_view key, JsonValue& out) const;
  /// Compact JSON text of this value (for messages), cut at `limit` characters.
  std::string dump(std::size_t limit = 80) const;

 private:
  const Tape* tape_;
  std::uint32_t index_;
};

class Tape {
 public:
  std::vector<TapeEntry> entries;
  const char* base = nullptr;  ///< the buffer strings point into
  JsonValue root() const { return {this, 0}; }
};

inline const TapeEntry& JsonValue::entry() const { return tape_->entries[index_]; }

/// Parses JSON out of a mutable buffer (strings are unescaped in place, so the buffer must outlive
/// the tape). Errors name line:column.
class TapeParser {
 public:
  explicit TapeParser(std::string& buffer) : TapeParser(buffer.data(), buffer.size()) {}
  TapeParser(char* data, std::size_t size);
  /// Parses the whole buffer as one value.
  Result<void> parse_document(Tape& tape);
  /// Streaming over a top-level array: begin_array() is true when the document is an array;
  /// next_element() then fills `tape` with one element at a time, false after the last.
  bool begin_array();
  Result<bool> next_element(Tape& tape);
  /// After next_element() returned false: only whitespace may follow.
  Result<void> finish();

  /// Finer-grained streaming, for containers inside containers. The next significant character.
  char peek();
  /// Consumes the '{' at the current position; false when there is none.
  bool begin_object();
  /// Moves to the next element of the array being read (`first` is per array and starts true):
  /// false after the closing ']'. The element itself is then read with parse_one() or streamed.
  Result<bool> next_in_array(bool& first);
  /// Like next_in_array for objects, reading the member name into `key` (a view into the buffer).
  Result<bool> next_in_object(bool& first, std::string_view& key);
  /// Parses the value at the current position into `tape` (cleared first).
  Result<void> parse_one(Tape& tape);

 private:
  Result<void> parse_value(Tape& tape, int depth);
  Result<void> parse_string(Tape& tape);
  Result<void> decode_unicode_escape(char*& out);
  Result<void> parse_number(Tape& tape);
  Result<void> parse_literal(Tape& tape);
  void skip_ws();
  std::unexpected<Error> error(std::string message) const;

  char* begin_;
  Tape key_tape_;  ///< scratch for member names read by next_in_object
  char* p_;
  char* end_;
  std::size_t line_ = 1;     ///< of p_, counted by skip_ws
  const char* line_start_;   ///< first byte of that line
  bool first_element_ = true;
};

/// Convenience: parse `buffer` into a fresh tape.
Result<Tape> parse_json(std::string& buffer);

}  // namespace sonde::check
