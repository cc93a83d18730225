#include "core/openapi/doc_tree.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/openapi/intern_table.hpp"
#include "core/openapi/json_lexer.hpp"
#include "core/util/json_pointer.hpp"
#include "core/util/prefault.hpp"

namespace sonde::openapi {

const char* DocValue::type_name() const {
  switch (kind_) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::integer:
    case Kind::unsigned_integer:
    case Kind::floating: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
  }
  return "null";
}

double DocValue::number() const {
  switch (kind_) {
    case Kind::integer: return static_cast<double>(u_.i);
    case Kind::unsigned_integer: return static_cast<double>(u_.u);
    case Kind::floating: return u_.d;
    default: return 0;
  }
}

namespace {

bool same_double(double x, double y, bool exact) {
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return x == y && (!exact || std::signbit(x) == std::signbit(y));
}

// `exact`: kinds must match too (1 and 1.0 differ, as their JSON text does).
bool same_values(const DocValue& a, const DocValue& b, bool exact) {
  using Kind = DocValue::Kind;
  if (a.kind() != b.kind()) {
    if (exact || !a.is_number() || !b.is_number()) return false;
    if (a.is_number_float() || b.is_number_float()) return same_double(a.number(), b.number(), false);
    // One signed, one unsigned: nlohmann compares them as signed.
    const DocValue& u = a.is_number_unsigned() ? a : b;
    const DocValue& i = a.is_number_unsigned() ? b : a;
    return static_cast<std::int64_t>(u.unsigned_integer()) == i.integer();
  }
  switch (a.kind()) {
    case Kind::null: return true;
    case Kind::boolean: return a.boolean() == b.boolean();
    case Kind::integer: return a.integer() == b.integer();
    case Kind::unsigned_integer: return a.unsigned_integer() == b.unsigned_integer();
    case Kind::floating: return same_double(a.floating(), b.floating(), exact);
    case Kind::string: return a.string() == b.string();
    case Kind::array: {
      auto x = a.elements(), y = b.elements();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!same_values(x[i], y[i], exact)) return false;
      return true;
    }
    case Kind::object: {
      auto x = a.members(), y = b.members();  // both sorted by key
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].key() != y[i].key() || !same_values(x[i].val, y[i].val, exact)) return false;
      return true;
    }
  }
  return false;
}

}  // namespace

bool values_equal(const DocValue& a, const DocValue& b) { return same_values(a, b, false); }

bool values_identical(const DocValue& a, const DocValue& b) { return same_values(a, b, true); }

const DocValue* DocValue::member(std::string_view key) const {
  const DocEntry* found = entry(key);
  return found ? &found->val : nullptr;
}

const DocEntry* DocValue::entry(std::string_view key) const {
  if (!is_object()) return nullptr;
  const DocEntry* first = u_.members;
  const DocEntry* last = first + size_;
  const DocEntry* at = std::lower_bound(first, last, key, [](const DocEntry& e, std::string_view k) { return e.key() < k; });
  return at != last && at->key() == key ? at : nullptr;
}

const DocValue& DocValue::operator[](std::string_view key) const {
  static const DocValue k_null;
  const DocValue* found = member(key);
  return found ? *found : k_null;
}

std::string_view DocValue::key_at(std::size_t i) const { return u_.members[i].key(); }
const DocValue& DocValue::value_at(std::size_t i) const { return u_.members[i].val; }

const DocValue* DocValue::step(std::string_view token) const {
  if (is_object()) return member(token);
  if (!is_array()) return nullptr;
  auto index = json_pointer::array_index(token, size_);
  return index ? &u_.items[*index] : nullptr;
}

nlohmann::json DocValue::to_json() const {
  switch (kind_) {
    case Kind::null: return nullptr;
    case Kind::boolean: return u_.flag;
    case Kind::integer: return u_.i;
    case Kind::unsigned_integer: return u_.u;
    case Kind::floating: return u_.d;
    case Kind::string: return std::string(string());
    case Kind::array: {
      nlohmann::json out = nlohmann::json::array();
      auto& items = out.get_ref<nlohmann::json::array_t&>();
      items.reserve(size_);
      for (const DocValue& item : elements()) items.push_back(item.to_json());
      return out;
    }
    case Kind::object: {
      nlohmann::json out = nlohmann::json::object();
      auto& members = out.get_ref<nlohmann::json::object_t&>();
      for (std::size_t i = 0; i < size_; ++i) members.emplace_hint(members.end(), std::string(key_at(i)), value_at(i).to_json());
      return out;
    }
  }
  return nullptr;
}

// Fills a DocTree: bump allocation in large blocks, keys and strings interned.
class DocTreeBuilder {
 public:
  explicit DocTreeBuilder(DocTree& tree) : tree_(tree) {}

  DocValue& root() { return tree_.root_; }

  static void set_null(DocValue& v) { v = DocValue(); }
  static void set_bool(DocValue& v, bool b) {
    v.kind_ = DocValue::Kind::boolean;
    v.u_.flag = b;
  }
  static void set_int(DocValue& v, std::int64_t i) {
    v.kind_ = DocValue::Kind::integer;
    v.u_.i = i;
  }
  static void set_uint(DocValue& v, std::uint64_t u) {
    v.kind_ = DocValue::Kind::unsigned_integer;
    v.u_.u = u;
  }
  static void set_double(DocValue& v, double d) {
    v.kind_ = DocValue::Kind::floating;
    v.u_.d = d;
  }
  void set_string(DocValue& v, std::string_view s) {
    v.kind_ = DocValue::Kind::string;
    v.size_ = static_cast<std::uint32_t>(s.size());
    // Interned as keys are: descriptions repeat their values too (graph-beta.json holds 29 MB of
    // strings, 5 MB of them distinct: each `$ref`, type and shared description is stored once).
    v.u_.text = intern(values_, s);
  }
  void set_array(DocValue& v, std::span<const DocValue> items) {
    v.kind_ = DocValue::Kind::array;
    v.size_ = static_cast<std::uint32_t>(items.size());
    auto* out = static_cast<DocValue*>(allocate(items.size_bytes(), alignof(DocValue)));
    std::copy(items.begin(), items.end(), out);
    v.u_.items = out;
  }
  /// `members` sorted by key, no key twice.
  void set_object(DocValue& v, std::span<const DocEntry> members) {
    v.kind_ = DocValue::Kind::object;
    v.size_ = static_cast<std::uint32_t>(members.size());
    auto* out = static_cast<DocEntry*>(allocate(members.size_bytes(), alignof(DocEntry)));
    std::copy(members.begin(), members.end(), out);
    v.u_.members = out;
  }

  DocEntry entry(std::string_view key, const DocValue& value) {
    return DocEntry{intern(keys_, key), static_cast<std::uint32_t>(key.size()), value};
  }

  // Sorts members by key; false when a key is there twice.
  static bool sort_members(std::span<DocEntry> members) {
    if (!std::is_sorted(members.begin(), members.end(), [](const DocEntry& a, const DocEntry& b) { return a.key() < b.key(); })) {
      std::sort(members.begin(), members.end(), [](const DocEntry& a, const DocEntry& b) { return a.key() < b.key(); });
    }
    for (std::size_t i = 1; i < members.size(); ++i) {
      if (members[i - 1].key() == members[i].key()) return false;
    }
    return true;
  }

 private:
  // Blocks double from 1 MiB up to 8 MiB: a small description stays small, a large one's blocks
  // hold whole 2 MiB stretches for huge pages (prefault.hpp), and at most half of it is unused.
  static constexpr std::size_t k_block = std::size_t{1} << 20;
  static constexpr std::size_t k_large_block = std::size_t{8} << 20;

  void* allocate(std::size_t bytes, std::size_t align) {
    if (bytes == 0) return nullptr;
    std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (block_ == nullptr || at + bytes > capacity_) {
      capacity_ = std::max(std::clamp(tree_.bytes_, k_block, k_large_block), bytes);
      tree_.blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(capacity_));  // every byte is written before it is read
      // A second block means a large document, whose blocks fill up: fault each in at once. The
      // first is left to fault page by page, so a small description stays as small as it is.
      if (tree_.blocks_.size() > 1) prefault_for_write(tree_.blocks_.back().get(), capacity_);
      tree_.bytes_ += capacity_;
      block_ = tree_.blocks_.back().get();
      at = 0;
    }
    used_ = at + bytes;
    return block_ + at;
  }

  const char* copy(std::string_view s) {
    if (s.empty()) return "";
    auto* out = static_cast<char*>(allocate(s.size(), 1));
    std::memcpy(out, s.data(), s.size());
    return out;
  }

  const char* intern(InternTable& table, std::string_view text) {
    return table.intern(text, [this](std::string_view s) { return copy(s); });
  }

  DocTree& tree_;
  std::byte* block_ = nullptr;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
  // Apart: a description's few hundred key names stay in a table small enough for the cache,
  // instead of being looked up among its tens of thousands of distinct values.
  InternTable keys_, values_;
};

namespace {

// As the fast JSON path's limit (json_fast_parse.cpp): deeper is nlohmann's to refuse.
constexpr int k_max_tree_depth = k_doc_tree_max_depth;

// The parse: FastParser's grammar (json_fast_parse.cpp) and the same tokens (json_lexer.hpp),
// building DocValues.
// Each nesting level collects its members or items in a scratch list reused across the document,
// then hands them to the tree in one piece.
class DocParser {
 public:
  DocParser(std::string_view text, DocTreeBuilder& build, ParseProgress* progress = nullptr)
      : begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        build_(build),
        progress_(progress),
        next_report_(progress ? progress->every : k_never) {
    // One list per level, never moved: a level's list is filled while deeper ones are in use.
    member_levels_.resize(k_max_tree_depth + 2);
    item_levels_.resize(k_max_tree_depth + 2);
  }

  bool document() {
    skip_space();
    if (!value(build_.root(), 0)) return false;
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

  bool value(DocValue& slot, int depth) {
    if (static_cast<std::size_t>(p_ - begin_) >= next_report_) report();
    if (p_ >= end_) return false;
    switch (*p_) {
      case '{': return object(slot, depth + 1);
      case '[': return array(slot, depth + 1);
      case '"': {
        if (!string(text_)) return false;
        build_.set_string(slot, text_);
        return true;
      }
      case 't':
        DocTreeBuilder::set_bool(slot, true);
        return literal("true");
      case 'f':
        DocTreeBuilder::set_bool(slot, false);
        return literal("false");
      case 'n':
        DocTreeBuilder::set_null(slot);
        return literal("null");
      default: return number(slot);
    }
  }

  template <class T>
  static std::vector<T>& scratch(std::vector<std::vector<T>>& levels, int depth) {
    auto& list = levels[static_cast<std::size_t>(depth)];
    list.clear();
    return list;
  }

  bool object(DocValue& slot, int depth) {
    if (depth > k_max_tree_depth) return false;
    ++p_;  // '{'
    auto& members = scratch(member_levels_, depth);
    skip_space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      build_.set_object(slot, {});
      return true;
    }
    while (true) {
      if (p_ >= end_ || *p_ != '"') return false;
      if (!string(key_)) return false;
      skip_space();
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      skip_space();
      DocValue member;
      members.push_back(build_.entry(key_, member));
      // `members` is this level's own list: deeper levels use theirs, so the entry stays put.
      if (!value(member, depth)) return false;
      members.back().val = member;
      skip_space();
      if (p_ >= end_) return false;
      if (*p_ == '}') {
        ++p_;
        if (!DocTreeBuilder::sort_members(members)) return false;  // a key twice: nlohmann's path words it
        build_.set_object(slot, members);
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
      skip_space();
    }
  }

  bool array(DocValue& slot, int depth) {
    if (depth > k_max_tree_depth) return false;
    ++p_;  // '['
    auto& items = scratch(item_levels_, depth);
    skip_space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      build_.set_array(slot, {});
      return true;
    }
    while (true) {
      DocValue item;
      if (!value(item, depth)) return false;
      items.push_back(item);
      skip_space();
      if (p_ >= end_) return false;
      if (*p_ == ']') {
        ++p_;
        build_.set_array(slot, items);
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
      skip_space();
    }
  }

  bool string(std::string& out) { return json_lexer::read_string(p_, end_, out); }

  bool number(DocValue& slot) {
    json_lexer::Number n;
    if (!json_lexer::read_number(p_, end_, n)) return false;
    switch (n.kind) {
      case json_lexer::Number::Kind::integer: DocTreeBuilder::set_int(slot, n.integer); break;
      case json_lexer::Number::Kind::unsigned_integer: DocTreeBuilder::set_uint(slot, n.unsigned_integer); break;
      case json_lexer::Number::Kind::floating: DocTreeBuilder::set_double(slot, n.floating); break;
    }
    return true;
  }

  // Everything before p_ has been read for good: tell the caller, and when to tell it next.
  void report() {
    const auto offset = static_cast<std::size_t>(p_ - begin_);
    progress_->reached(offset);
    next_report_ = offset + std::max<std::size_t>(progress_->every, 1);
  }
  static constexpr std::size_t k_never = static_cast<std::size_t>(-1);

  const char* begin_;
  const char* p_;
  const char* end_;
  DocTreeBuilder& build_;
  ParseProgress* progress_;
  std::size_t next_report_;  ///< offset at which to report next
  std::string key_, text_;
  std::vector<std::vector<DocEntry>> member_levels_;
  std::vector<std::vector<DocValue>> item_levels_;
};

void from_json(DocTreeBuilder& build, DocValue& slot, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: DocTreeBuilder::set_null(slot); break;
    case nlohmann::json::value_t::boolean: DocTreeBuilder::set_bool(slot, value.get<bool>()); break;
    case nlohmann::json::value_t::number_integer: DocTreeBuilder::set_int(slot, value.get<std::int64_t>()); break;
    case nlohmann::json::value_t::number_unsigned: DocTreeBuilder::set_uint(slot, value.get<std::uint64_t>()); break;
    case nlohmann::json::value_t::number_float: DocTreeBuilder::set_double(slot, value.get<double>()); break;
    case nlohmann::json::value_t::string: build.set_string(slot, value.get_ref<const std::string&>()); break;
    case nlohmann::json::value_t::binary: DocTreeBuilder::set_null(slot); break;
    case nlohmann::json::value_t::array: {
      std::vector<DocValue> items(value.size());
      for (std::size_t i = 0; i < items.size(); ++i) from_json(build, items[i], value[i]);
      build.set_array(slot, items);
      break;
    }
    case nlohmann::json::value_t::object: {
      std::vector<DocEntry> members;
      members.reserve(value.size());
      for (auto it = value.begin(); it != value.end(); ++it) {
        DocValue member;
        from_json(build, member, it.value());
        members.push_back(build.entry(it.key(), member));
      }
      build.set_object(slot, members);  // std::map's order is key order
      break;
    }
  }
}

}  // namespace

std::optional<DocTree> parse_doc_tree(std::string_view text) {
  DocTree tree;
  DocTreeBuilder build(tree);
  if (!DocParser(text, build).document()) return std::nullopt;
  return tree;
}

std::optional<DocTree> parse_doc_tree(std::string_view text, ParseProgress& progress) {
  DocTree tree;
  DocTreeBuilder build(tree);
  if (!DocParser(text, build, &progress).document()) return std::nullopt;
  return tree;
}

DocTree doc_tree_from_json(const nlohmann::json& value) {
  DocTree tree;
  DocTreeBuilder build(tree);
  from_json(build, build.root(), value);
  return tree;
}

}  // namespace sonde::openapi
