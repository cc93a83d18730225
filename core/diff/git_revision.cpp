#include "core/diff/git_revision.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

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
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  ran.out = slurp(out);
  ran.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
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

Result<RevisionCheckout> checkout_revision(const RevisionPath& where, bool whole_tree) {
  const std::string display = where.rev + ":" + where.path;
  std::string pattern = (fs::temp_directory_path() / "sonde-rev-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return fail(ErrorKind::runtime, "cannot create a temporary folder", display);
  const fs::path scratch = pattern;
  auto cleanup = [&] {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  };
  Ran top = run({"git", "rev-parse", "--show-toplevel", "--show-prefix"}, scratch);
  if (top.status < 0) {
    cleanup();
    return fail(ErrorKind::runtime, "git is needed to read a revision but could not be run", display);
  }
  if (top.status != 0) {
    cleanup();
    return fail(ErrorKind::invalid_input, "not inside a git repository (" + first_line(top.err) + ")", display);
  }
  std::string prefix = top.out.find('\n') == std::string::npos ? "" : top.out.substr(top.out.find('\n') + 1);
  const std::string toplevel = top.out.substr(0, top.out.find('\n'));
  auto path = repo_relative(prefix, where.path);
  if (!path) {
    cleanup();
    return fail(ErrorKind::invalid_input, "the path leaves the repository", display);
  }
  Ran commit = run({"git", "-C", toplevel, "rev-parse", "--verify", "--quiet", where.rev + "^{commit}"}, scratch);
  if (commit.status != 0) {
    cleanup();
    return fail(ErrorKind::invalid_input, "unknown revision '" + where.rev + "'", display);
  }
  Ran kind = run({"git", "-C", toplevel, "cat-file", "-t", commit.out + ":" + *path}, scratch);
  if (kind.status != 0 || kind.out != "blob") {
    cleanup();
    return fail(ErrorKind::invalid_input, "revision " + where.rev + " has no file " + *path, display);
  }
  const fs::path tree = scratch / "tree";
  fs::create_directories(tree);
  const std::string folder = fs::path(*path).parent_path().generic_string();
  std::vector<std::string> archive{"git", "-C", toplevel, "archive", "--format=tar",
                                   "-o", (scratch / "rev.tar").string(), commit.out};
  if (!whole_tree && !folder.empty()) archive.push_back(folder);
  Ran exported = run(archive, scratch);
  if (exported.status != 0) {
    cleanup();
    return fail(ErrorKind::runtime, "git archive failed: " + first_line(exported.err), display);
  }
  Ran untar = run({"tar", "-xf", (scratch / "rev.tar").string(), "-C", tree.string()}, scratch);
  fs::remove(scratch / "rev.tar");
  if (untar.status != 0) {
    cleanup();
    return fail(ErrorKind::runtime, "cannot unpack the revision: " + first_line(untar.err), display);
  }
  return RevisionCheckout(tree, tree / *path, display);
}

}  // namespace sonde::diff
