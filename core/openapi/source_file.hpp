#pragma once
/// One file of an OpenAPI description: its text, its tree (a compact DocTree: a 47 MB description
/// takes 74 MiB as one, 221 MiB as nlohmann::json), and a lazy map from JSON pointers
/// to line:col (computed only for the pointers somebody reports). The text of a large JSON file is
/// let go once parsed and read again the first time a position is asked for (a self-diff of two
/// 47 MB files held 94 MB of text it never looked at).
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/openapi/doc_tree.hpp"
#include "core/util/error.hpp"

namespace YAML {
class Node;
}

namespace sonde::openapi {

enum class Format { json, yaml };

/// Limits that keep hostile input bounded in time and memory.
struct ParseLimits {
  std::size_t max_bytes = 64u << 20;  ///< larger files are refused before parsing
  int max_depth = 512;                ///< nesting deeper than this is refused
  /// YAML: nodes allowed beyond one per byte (alias bombs). A million cost 1.4 s and 150 MB to
  /// convert for a 561-byte file (a fuzzer found it); a hundred thousand bounds that at a tenth,
  /// and real descriptions, whose aliases repeat small fragments, stay far below it.
  std::size_t max_nodes_extra = 100'000;
};

struct LineCol {
  int line = 0;  ///< 1-based
  int col = 0;   ///< 1-based
};

class SourceFile {
 public:
  ~SourceFile();
  SourceFile(const SourceFile&) = delete;
  SourceFile& operator=(const SourceFile&) = delete;

  /// Reads and parses `path` (YAML unless it ends in .json or starts with '{').
  static Result<std::unique_ptr<SourceFile>> load(const std::string& path, const ParseLimits& limits);
  /// Parses `text` as if read from `path` (tests use this).
  static Result<std::unique_ptr<SourceFile>> parse(std::string path, std::string text, const ParseLimits& limits);

  const std::string& path() const { return path_; }
  Format format() const { return format_; }
  const DocValue& tree() const { return tree_.root(); }
  /// Bytes held by the tree (benchmarks, tests).
  std::size_t tree_bytes() const { return tree_.bytes(); }

  /// Where the value at `pointer` starts; the nearest existing ancestor when it does not exist.
  /// {0, 0} when the text was let go and the file has changed since it was read. Thread-safe.
  LineCol locate(std::string_view pointer) const;
  /// "path:line:col" for `pointer`.
  std::string where(std::string_view pointer) const;

 private:
  SourceFile() = default;
  static std::optional<Result<std::unique_ptr<SourceFile>>> load_windowed(const std::string& path,
                                                                       const ParseLimits& limits);
  std::size_t json_offset(std::string_view pointer) const;
  LineCol offset_to_linecol(std::size_t offset) const;
  /// Lets the text of a large JSON file go, keeping what tells whether a later read is the same.
  void release_text();
  /// The text again, read back if it was let go; false when the file is no longer what was parsed.
  bool text_available() const;

  std::string path_;
  mutable std::string text_;
  bool text_released_ = false;
  mutable bool text_lost_ = false;  ///< read back and found changed: never read again
  std::size_t text_size_ = 0;
  std::size_t text_hash_ = 0;
  std::size_t max_bytes_ = 0;
  mutable std::mutex locate_mutex_;  ///< the proxy's and the mock's workers report positions concurrently
  Format format_ = Format::json;
  DocTree tree_;
  std::unique_ptr<YAML::Node> yaml_;  ///< kept for its marks (YAML files only)
  mutable std::vector<std::size_t> line_starts_;
  mutable std::unordered_map<std::string, std::size_t> offsets_;  ///< pointer -> offset of its value
};

}  // namespace sonde::openapi
