#include "core/openapi/source_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <new>
#include <optional>

#include "core/openapi/json_parse.hpp"
#include "core/openapi/json_scan.hpp"
#include "core/openapi/yaml_to_json.hpp"
#include "core/util/file_read.hpp"
#include "core/util/json_pointer.hpp"
#include "core/util/windowed_file.hpp"

namespace sonde::openapi {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

SourceFile::~SourceFile() = default;

namespace {

// Texts from this size are read a window at a time and let go as they are parsed, not read whole.
constexpr std::size_t k_windowed_from = std::size_t{16} << 20;
constexpr std::size_t k_window = std::size_t{4} << 20;
// The fingerprint of a let-go text hashes it in blocks of this size, so a text let go as it is
// parsed and one read back whole give the same value.
constexpr std::size_t k_fingerprint_block = std::size_t{1} << 20;

class Fingerprint {
 public:
  /// Hashes the whole blocks of `text` from `from` on, up to `to`; returns where it stopped.
  std::size_t add_blocks(std::string_view text, std::size_t from, std::size_t to) {
    while (from + k_fingerprint_block <= to) {
      add(text.substr(from, k_fingerprint_block));
      from += k_fingerprint_block;
    }
    return from;
  }
  std::size_t finish(std::string_view text, std::size_t from) {
    from = add_blocks(text, from, text.size());
    if (from < text.size()) add(text.substr(from));
    return value_ ^ text.size();
  }

 private:
  void add(std::string_view block) { value_ = value_ * 0x100000001B3ULL + std::hash<std::string_view>{}(block); }
  std::size_t value_ = 0xCBF29CE484222325ULL;
};

std::size_t fingerprint(std::string_view text) { return Fingerprint().finish(text, 0); }

// Reads the file a window ahead of the parse, hashes what the parse has passed, and lets it go.
class WindowedProgress : public ParseProgress {
 public:
  WindowedProgress(WindowedFile& file, std::size_t skipped) : file_(file), skipped_(skipped) {}
  void reached(std::size_t offset) override {
    std::string_view text = file_.text().substr(skipped_);
    hashed_ = fingerprint_.add_blocks(text, hashed_, offset);
    file_.release_before(skipped_ + hashed_);
    // The window being read and the next: the parse is at most a window past this report when
    // it reports again (a single token longer than that runs into zeros and fails: the read
    // path takes the file then).
    ok_ = file_.read_to(skipped_ + offset + 2 * every) && ok_;
  }
  bool ok() const { return ok_; }
  std::size_t finish() { return fingerprint_.finish(file_.text().substr(skipped_), hashed_); }

 private:
  WindowedFile& file_;
  std::size_t skipped_;  ///< a byte order mark
  std::size_t hashed_ = 0;
  bool ok_ = true;
  Fingerprint fingerprint_;
};

}  // namespace

// A large JSON file parsed as it is read, each window let go once the parser has passed it: the
// tree is built without the whole text beside it. Anything unusual (a small or odd file, a lower
// depth limit, a file that changes while read, text the compact parser refuses) gives nullopt,
// and load() reads the file whole as always, with the errors and fallbacks that path words.
std::optional<Result<std::unique_ptr<SourceFile>>> SourceFile::load_windowed(const std::string& path,
                                                                          const ParseLimits& limits) {
  if (!ends_with(path, ".json") || limits.max_depth < k_doc_tree_max_depth) return std::nullopt;
  auto opened = ReadableFile::open(path, limits.max_bytes);
  if (!opened || opened->size() < k_windowed_from) return std::nullopt;
  const std::size_t size = opened->size();
  auto file = WindowedFile::open(std::move(*opened));
  if (!file) return std::nullopt;
  try {
    if (!file->read_to(2 * k_window)) return std::nullopt;
    const std::size_t skipped = file->text().starts_with(k_utf8_bom) ? k_utf8_bom.size() : 0;
    WindowedProgress reading(*file, skipped);
    reading.every = k_window;
    auto tree = parse_doc_tree(file->text().substr(skipped), reading);
    if (!tree || !reading.ok() || !file->read_to(size)) return std::nullopt;
    std::unique_ptr<SourceFile> out(new SourceFile());
    out->path_ = path;
    out->max_bytes_ = limits.max_bytes;
    out->format_ = Format::json;
    out->tree_ = std::move(*tree);
    out->text_released_ = true;
    out->text_size_ = size - skipped;
    out->text_hash_ = reading.finish();
    return Result<std::unique_ptr<SourceFile>>(std::move(out));
  } catch (const std::bad_alloc&) {
    return std::unexpected(out_of_memory(path, size));
  }
}

Result<std::unique_ptr<SourceFile>> SourceFile::load(const std::string& path, const ParseLimits& limits) {
  if (auto windowed = load_windowed(path, limits)) return std::move(*windowed);
  auto text = read_file(path, limits.max_bytes);
  if (!text) return std::unexpected(text.error());
  std::size_t size = text->size();
  // A tree costs several times its text; under a memory limit (ulimit -v) say which file did it.
  try {
    auto file = parse(path, std::move(*text), limits);
    if (file && (*file)->format_ == Format::json) (*file)->release_text();
    return file;
  } catch (const std::bad_alloc&) {
    return std::unexpected(out_of_memory(path, size));
  }
}

Result<std::unique_ptr<SourceFile>> SourceFile::parse(std::string path, std::string text, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) return std::unexpected(too_large(path, limits.max_bytes));
  if (text.starts_with(k_utf8_bom)) text.erase(0, 3);
  std::unique_ptr<SourceFile> file(new SourceFile());
  file->path_ = std::move(path);
  file->max_bytes_ = limits.max_bytes;
  file->text_ = std::move(text);
  std::size_t first = json_scan::skip_space(file->text_, 0);
  bool json = ends_with(file->path_, ".json") || (first < file->text_.size() && file->text_[first] == '{');
  if (json) {
    file->format_ = Format::json;
    // The compact parser refuses nesting past k_doc_tree_max_depth by itself, so a description
    // it takes needs no separate scan for depth (a tenth of a second on a 47 MB file) unless
    // the limit asked for is lower.
    std::optional<DocTree> compact;
    if (limits.max_depth >= k_doc_tree_max_depth) compact = parse_doc_tree(file->text_);
    if (!compact) {
      if (std::size_t deep = json_scan::too_deep(file->text_, limits.max_depth); deep != json_scan::npos) {
        auto lc = file->offset_to_linecol(deep);
        return fail(ErrorKind::invalid_input, "JSON nested deeper than " + std::to_string(limits.max_depth) + " levels",
                    file->path_ + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col));
      }
      if (limits.max_depth < k_doc_tree_max_depth) compact = parse_doc_tree(file->text_);
    }
    if (compact) {
      file->tree_ = std::move(*compact);
    } else {
      // What the compact parser does not take (a syntax error, a duplicate key, ...) nlohmann's
      // parser reads again: it words the error, or accepts the text as it always has.
      auto tree = parse_json_text(file->text_);
      if (!tree) {
        auto lc = file->offset_to_linecol(std::min(tree.error().offset, file->text_.size()));
        return fail(ErrorKind::invalid_input, tree.error().message,
                    file->path_ + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col));
      }
      file->tree_ = doc_tree_from_json(*tree);
      release_tree(*tree);
    }
  } else {
    file->format_ = Format::yaml;
    auto parsed = parse_yaml(file->path_, file->text_, limits);
    if (!parsed) return std::unexpected(parsed.error());
    file->yaml_ = std::move(parsed->root);
    file->tree_ = doc_tree_from_json(parsed->tree);
    release_tree(parsed->tree);
    // yaml-cpp keeps its own tree for the marks; the text itself is no longer needed.
    file->text_.clear();
    file->text_.shrink_to_fit();
  }
  return file;
}

namespace {

// Smaller texts stay: reading them back would save little and cost a system call or two.
constexpr std::size_t k_keep_text_below = 1u << 20;

}  // namespace

void SourceFile::release_text() {
  if (text_.size() < k_keep_text_below) return;
  text_size_ = text_.size();
  text_hash_ = fingerprint(text_);
  text_released_ = true;
  text_.clear();
  text_.shrink_to_fit();
}

bool SourceFile::text_available() const {
  if (!text_released_ || !text_.empty()) return true;
  if (text_lost_) return false;  // a report asking for a thousand positions reads it once, not a thousand times
  auto again = read_file(path_, std::max(max_bytes_, text_size_ + 3));
  if (again && again->starts_with(k_utf8_bom)) again->erase(0, 3);  // as parse() dropped it
  if (!again || again->size() != text_size_ || fingerprint(*again) != text_hash_) {
    text_lost_ = true;
    return false;
  }
  text_ = std::move(*again);
  return true;
}

LineCol SourceFile::offset_to_linecol(std::size_t offset) const {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
  std::size_t col = offset - line_starts_[line - 1] + 1;
  return {static_cast<int>(line), static_cast<int>(col)};
}

// Walks down from the deepest pointer prefix already seen; every object or array scanned on the
// way records the offsets of all its members, so each container of the text is scanned at most once.
std::size_t SourceFile::json_offset(std::string_view pointer) const {
  auto tokens = json_pointer::split(pointer);
  std::size_t offset = json_scan::skip_space(text_, 0);
  if (!tokens) return offset;
  std::string prefix;
  std::size_t known = 0;
  std::string walk;
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    walk = json_pointer::append(walk, (*tokens)[i]);
    auto hit = offsets_.find(walk);
    if (hit == offsets_.end()) break;
    known = i + 1;
    offset = hit->second;
    prefix = walk;
  }
  for (std::size_t i = known; i < tokens->size(); ++i) {
    const std::string& token = (*tokens)[i];
    std::size_t found = json_scan::npos;
    json_scan::for_each_member(text_, offset, [&](const std::string& key, std::size_t value) {
      offsets_.emplace(json_pointer::append(prefix, key), value);
      if (key == token && found == json_scan::npos) found = value;
    });
    if (found == json_scan::npos) break;
    offset = found;
    prefix = json_pointer::append(prefix, token);
  }
  return offset;
}

LineCol SourceFile::locate(std::string_view pointer) const {
  std::lock_guard lock(locate_mutex_);
  if (format_ == Format::yaml) return yaml_locate(*yaml_, pointer);
  if (!text_available()) return {};
  return offset_to_linecol(json_offset(pointer));
}

std::string SourceFile::where(std::string_view pointer) const {
  auto lc = locate(pointer);
  if (lc.line == 0) return path_;  // changed on disk since it was parsed: no position to trust
  return path_ + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

}  // namespace sonde::openapi
