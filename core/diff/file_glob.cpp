#include "core/diff/file_glob.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace sonde::diff {

namespace {

std::vector<std::string> segments(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto slash = text.find('/', start);
    if (slash == std::string_view::npos) slash = text.size();
    if (slash > start) out.emplace_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// Segment by segment; "**" takes zero or more whole segments (backtracking over a few folders).
bool match_from(const std::vector<std::string>& pattern, std::size_t p, const std::vector<std::string>& path, std::size_t s) {
  if (p == pattern.size()) return s == path.size();
  if (pattern[p] == "**") {
    // As bash's globstar: ** does not descend into hidden folders (.git, .cache).
    for (std::size_t k = s; k <= path.size(); ++k) {
      if (match_from(pattern, p + 1, path, k)) return true;
      if (k < path.size() && path[k].starts_with('.')) return false;
    }
    return false;
  }
  if (s == path.size()) return false;
  if (::fnmatch(pattern[p].c_str(), path[s].c_str(), FNM_PERIOD) != 0) return false;
  return match_from(pattern, p + 1, path, s + 1);
}

bool has_wildcard(std::string_view segment) { return segment.find_first_of("*?[") != std::string_view::npos; }

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_from(segments(pattern), 0, segments(path), 0);
}

std::string glob_root(const std::string& pattern) {
  auto parts = segments(pattern);
  std::string root = pattern.starts_with('/') ? "/" : "";
  for (std::size_t i = 0; i + 1 < parts.size() && !has_wildcard(parts[i]); ++i) root += parts[i] + "/";
  return root.empty() ? "." : root;
}

Result<std::vector<std::string>> expand_glob(const std::string& pattern) {
  namespace fs = std::filesystem;
  auto parts = segments(pattern);
  // The walk starts at the fixed folder; paths below it are matched against the rest.
  const std::string root = glob_root(pattern);
  std::size_t first = 0;
  while (first + 1 < parts.size() && !has_wildcard(parts[first])) ++first;
  std::vector<std::string> rest(parts.begin() + static_cast<std::ptrdiff_t>(first), parts.end());
  std::vector<std::string> out;
  std::error_code ec;
  if (!has_wildcard(pattern)) {
    if (fs::is_regular_file(pattern, ec)) out.push_back(pattern);
  } else if (fs::is_directory(root, ec)) {
    auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      auto relative = it->path().lexically_relative(root).generic_string();
      if (match_from(rest, 0, segments(relative), 0)) {
        out.push_back(root == "." ? relative : (fs::path(root) / relative).generic_string());
      }
    }
    if (ec) return fail(ErrorKind::invalid_input, "cannot read a folder under " + root + ": " + ec.message(), pattern);
  }
  if (out.empty()) {
    return fail(ErrorKind::invalid_input, "no file matches \"" + pattern + "\"", {},
                "quote the pattern so the shell does not expand it; ** matches any number of folders");
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sonde::diff
