#pragma once
/// `REV:path` inputs for diff: a description as it was in a git revision
/// (`sonde diff HEAD~1:api/openapi.yaml api/openapi.yaml`, `origin/main:./openapi.yaml`). The
/// revision's files are exported with `git archive` into a private temporary folder, so the
/// description's `$ref`s resolve inside the same revision; the folder goes with the checkout.
/// The path is relative to the repository's top level, or to the current folder with `./`/`../`,
/// as in `git show`.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde::diff {

struct RevisionPath {
  std::string rev;   ///< "HEAD~1", "origin/main", a commit id
  std::string path;  ///< as written after the colon
};

/// nullopt when `arg` is a plain path: an existing file, or no `REV:` prefix.
std::optional<RevisionPath> parse_revision_path(std::string_view arg);

/// A description exported from a revision; removes its temporary folder when destroyed.
class RevisionCheckout {
 public:
  RevisionCheckout(std::filesystem::path root, std::filesystem::path file, std::string display);
  RevisionCheckout(RevisionCheckout&& other) noexcept;
  RevisionCheckout& operator=(RevisionCheckout&&) = delete;
  ~RevisionCheckout();
  const std::filesystem::path& file() const { return file_; }    ///< the description inside the export
  const std::filesystem::path& root() const { return root_; }    ///< the export's top level
  const std::string& display() const { return display_; }        ///< "HEAD~1:api/openapi.yaml"
  /// `text` with the export's folder written as "REV:" (for messages and file:line pointers).
  std::string shown(std::string text) const;

 private:
  std::filesystem::path root_, file_;
  std::string display_, rev_;
};

/// Exports the revision's tree (the description's folder, or all of it when `whole_tree`, for
/// --allow-outside-refs) and finds the description in it. Errors: not a git repository, an
/// unknown revision, a path the revision lacks (exit 3); git missing (exit 4).
Result<RevisionCheckout> checkout_revision(const RevisionPath& where, bool whole_tree);

/// For --composed: exports the folder a file pattern starts from (core/diff/file_glob.hpp; all of
/// the tree when `whole_tree`) as it was in the revision; file() is then the pattern inside the
/// export. Errors as checkout_revision's; a folder the revision lacks is one.
Result<RevisionCheckout> checkout_revision_pattern(const RevisionPath& where, bool whole_tree);

}  // namespace sonde::diff
