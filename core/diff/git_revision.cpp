#include "core/diff/git_revision.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>
#include <vector>

#include "core/diff/file_glob.hpp"

extern char** environ;

namespace sonde::diff {

namespace fs = std::filesystem;

namespace {

struct Ran {
  int status = -1;    ///< exit status, or -1 when the program could not start
  std::string out;    ///< stdout
  std::string err;    ///< stderr
};

// Runs a program (no shell) with stdout and stderr captured in files of `scratch`.
Ran run(const std::vector<std::string>& argv, const fs::path& scratch) {
  Ran ran;
  const fs::path out = scratch / ".out", err = scratch / ".err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return ran;
  int status = 0;
  pid_t waited = 0;
  while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  ran.status = waited < 0 ? 128 : WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  ran.out = slurp(out);
  ran.err = slurp(err);
  std::error_code ec;
  fs::remove(out, ec);
  fs::remove(err, ec);
  while (!ran.out.empty() && (ran.out.back() == '\n' || ran.out.back() == '\r')) ran.out.pop_back();
  return ran;
}

std::string first_line(std::string text) {
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

// Joins and normalises a repository-relative path; nullopt when it climbs out of the repository.
std::optional<std::string> repo_relative(const std::string& prefix, const std::string& path) {
  fs::path joined = (path.starts_with("./") || path.starts_with("../")) ? fs::path(prefix) / path : fs::path(path);
  fs::path normal = joined.lexically_normal();
  std::string text = normal.generic_string();
  if (text.empty() || text == "." || text.starts_with("..") || normal.is_absolute()) return std::nullopt;
  return text;
}

}  // namespace

std::optional<RevisionPath> parse_revision_path(std::string_view arg) {
  std::error_code ec;
  if (fs::exists(fs::path(arg), ec)) return std::nullopt;  // a file whose name holds a colon
  auto colon = arg.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == arg.size()) return std::nullopt;
  if (arg.substr(0, colon).find('/') != std::string_view::npos && fs::exists(fs::path(arg.substr(0, colon)), ec)) {
    return std::nullopt;  // dir/with:colon — a path, not a revision
  }
  return RevisionPath{std::string(arg.substr(0, colon)), std::string(arg.substr(colon + 1))};
}

RevisionCheckout::RevisionCheckout(fs::path root, fs::path file, std::string display)
    : root_(std::move(root)), file_(std::move(file)), display_(std::move(display)) {
  rev_ = display_.substr(0, display_.find(':') + 1);
}

RevisionCheckout::RevisionCheckout(RevisionCheckout&& other) noexcept
    : root_(std::move(other.root_)), file_(std::move(other.file_)), display_(std::move(other.display_)),
      rev_(std::move(other.rev_)) {
  other.root_.clear();
}

RevisionCheckout::~RevisionCheckout() {
  if (root_.empty()) return;
  std::error_code ec;
  fs::remove_all(root_.parent_path(), ec);
}

std::string RevisionCheckout::shown(std::string text) const {
  const std::string prefix = root_.string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + rev_.size())) {
    text.replace(at, prefix.size(), rev_);
  }
  return text;
}

namespace {

// Removes the scratch folder on every early return; release() keeps it for the checkout.
struct ScratchGuard {
  fs::path dir;
  ~ScratchGuard() {
    if (dir.empty()) return;
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path release() { return std::exchange(dir, {}); }
};

// Symbolic links in an exported revision may point anywhere on this machine (a branch under
// review can commit `api.yaml -> /etc/passwd`); none is kept, so every read stays in the export.
void drop_symlinks(const fs::path& tree) {
  std::error_code ec;
  std::vector<fs::path> links;
  for (fs::recursive_directory_iterator it(tree, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_symlink(ec)) links.push_back(it->path());
  }
  for (const auto& link : links) fs::remove(link, ec);
}

}  // namespace

namespace {

// What one export needs: the repository, the commit, and the path inside it.
struct Located {
  std::string toplevel, commit, path;
};

Result<Located> locate(const RevisionPath& where, const std::string& display, const fs::path& scratch) {
  if (where.rev.starts_with("-")) return fail(ErrorKind::invalid_input, "a revision cannot start with '-'", display);
  Ran top = run({"git", "rev-parse", "--show-toplevel", "--show-prefix"}, scratch);
  if (top.status < 0) return fail(ErrorKind::runtime, "git is needed to read a revision but could not be run", display);
  if (top.status != 0) {
    return fail(ErrorKind::invalid_input, "not inside a git repository (" + first_line(top.err) + ")", display);
  }
  std::string prefix = top.out.find('\n') == std::string::npos ? "" : top.out.substr(top.out.find('\n') + 1);
  Located out;
  out.toplevel = top.out.substr(0, top.out.find('\n'));
  auto path = repo_relative(prefix, where.path);
  if (!path) return fail(ErrorKind::invalid_input, "the path leaves the repository", display);
  out.path = *path;
  Ran commit = run({"git", "-C", out.toplevel, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    where.rev + "^{commit}"}, scratch);
  if (commit.status != 0) return fail(ErrorKind::invalid_input, "unknown revision '" + where.rev + "'", display);
  out.commit = commit.out;
  return out;
}

// `git archive` of `folder` ("" or whole_tree: everything) unpacked under scratch/tree.
Result<fs::path> export_tree(const Located& at, const std::string& folder, bool whole_tree, const fs::path& scratch,
                             const std::string& display) {
  std::error_code ec;
  const fs::path tree = scratch / "tree";
  fs::create_directories(tree, ec);
  if (ec) return fail(ErrorKind::runtime, "cannot create a temporary folder (" + ec.message() + ")", display);
  const std::string tar = (scratch / "rev.tar").string();
  std::vector<std::string> archive{"git", "-C", at.toplevel, "archive", "--format=tar", "-o", tar, at.commit};
  if (!whole_tree && !folder.empty() && folder != ".") archive.push_back(folder);
  Ran exported = run(archive, scratch);
  if (exported.status != 0) return fail(ErrorKind::runtime, "git archive failed: " + first_line(exported.err), display);
  Ran untar = run({"tar", "-xf", tar, "-C", tree.string()}, scratch);
  fs::remove(tar, ec);
  if (untar.status != 0) return fail(ErrorKind::runtime, "cannot unpack the revision: " + first_line(untar.err), display);
  drop_symlinks(tree);
  return tree;
}

Result<std::string> scratch_folder(const std::string& display) {
  std::error_code ec;
  fs::path temp = fs::temp_directory_path(ec);
  if (ec) temp = "/tmp";
  std::string pattern = (temp / "sonde-rev-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return fail(ErrorKind::runtime, "cannot create a temporary folder", display);
  return pattern;
}

}  // namespace

namespace {

// What a checkout checks in the located revision before exporting: an error, or the folder to
// export (the file's folder, or the folder a pattern walks from).
using FolderToExport = std::function<Result<std::string>(const Located& at, const std::string& display, const fs::path& scratch)>;

// The steps both checkouts share: a scratch folder, the revision located, the chosen folder
// exported; the scratch folder is removed unless the checkout succeeds.
Result<RevisionCheckout> checkout(const RevisionPath& where, bool whole_tree, const FolderToExport& folder_to_export) {
  const std::string display = where.rev + ":" + where.path;
  if (where.rev.starts_with("-")) return fail(ErrorKind::invalid_input, "a revision cannot start with '-'", display);
  auto folder_name = scratch_folder(display);
  if (!folder_name) return std::unexpected(folder_name.error());
  ScratchGuard scratch{*folder_name};
  auto at = locate(where, display, scratch.dir);
  if (!at) return std::unexpected(at.error());
  auto folder = folder_to_export(*at, display, scratch.dir);
  if (!folder) return std::unexpected(folder.error());
  auto tree = export_tree(*at, *folder, whole_tree, scratch.dir, display);
  if (!tree) return std::unexpected(tree.error());
  scratch.release();
  return RevisionCheckout(*tree, *tree / at->path, display);
}

}  // namespace

Result<RevisionCheckout> checkout_revision(const RevisionPath& where, bool whole_tree) {
  return checkout(where, whole_tree, [&where](const Located& at, const std::string& display, const fs::path& scratch)
                                         -> Result<std::string> {
    // "100644 blob <id>\t<path>": a regular file; 120000 is a symbolic link, refused.
    Ran entry = run({"git", "-C", at.toplevel, "ls-tree", at.commit, "--", at.path}, scratch);
    if (entry.status != 0 || entry.out.empty()) {
      return fail(ErrorKind::invalid_input, "revision " + where.rev + " has no file " + at.path, display);
    }
    if (!entry.out.starts_with("100")) {
      return fail(ErrorKind::invalid_input,
                  entry.out.starts_with("120000") ? "is a symbolic link in that revision; not followed"
                                                  : "is not a file in that revision",
                  display);
    }
    return fs::path(at.path).parent_path().generic_string();
  });
}

Result<RevisionCheckout> checkout_revision_pattern(const RevisionPath& where, bool whole_tree) {
  return checkout(where, whole_tree, [&where](const Located& at, const std::string& display, const fs::path& scratch)
                                         -> Result<std::string> {
    std::string folder = glob_root(at.path);
    while (folder.size() > 1 && folder.ends_with('/')) folder.pop_back();
    if (folder != "." && !folder.empty()) {
      // "040000 tree <id>\t<folder>": the folder the pattern walks from must be in the revision.
      Ran entry = run({"git", "-C", at.toplevel, "ls-tree", at.commit, "--", folder}, scratch);
      if (entry.status != 0 || !entry.out.starts_with("040000")) {
        return fail(ErrorKind::invalid_input, "revision " + where.rev + " has no folder " + folder, display);
      }
    }
    return folder;
  });
}

}  // namespace sonde::diff
