#pragma once
/// Finds every `$ref` of a description (loading the files they name) and checks that each one
/// resolves, stays inside the description's folder (unless allowed) and does not start a loop of
/// references that never reaches a value. Values that are data, not description, are skipped:
/// example, examples (except the references of an examples map), default, enum, const and x-.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "core/openapi/document.hpp"

namespace sonde::openapi {

class RefWalker {
 public:
  explicit RefWalker(Document& doc) : doc_(doc) {}
  /// Walks file 0 and every file reached from it; fails on the first problem unless lenient.
  Result<void> run();

 private:
  enum class Mode { schema, names, example_entries, example };
  Result<void> walk(const DocValue& value, int file, Mode mode);
  /// `ref` is the text of the `$ref` member of `holder` (a view into the file's tree).
  Result<void> check(std::string_view ref, int file, const DocValue* holder);
  Result<void> check_inside(const std::string& ref, int file, const std::string& file_part);
  Result<void> check_loops() const;
  Error loop_error(std::vector<Node> loop) const;
  struct Site;
  Error loop_from(const Site& site) const;
  /// The pointer of `value` inside file `file` (a search: only for error messages).
  std::string pointer_of(int file, const DocValue* value) const;
  Result<int> load_file(int from_file, const std::string& file_part);
  std::string pointer() const;

  Document& doc_;
  std::filesystem::path root_dir_;  ///< the main file's folder, symlinks resolved
  std::vector<std::string_view> path_;
  std::vector<Error> dangling_;
  struct Site {
    const DocValue* value;
    int file;
  };
  /// Every object holding a $ref, in document order. Without their pointers: building a string for
  /// each of graph-beta.json's 150,000 references cost more than checking them.
  std::vector<Site> sites_;
  /// Per file, `$ref` text (a view into that file's tree) -> index into Document::ref_targets_:
  /// each distinct reference is resolved once.
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> target_index_;
};

}  // namespace sonde::openapi
