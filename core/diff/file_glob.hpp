#pragma once
/// File patterns for `sonde diff --composed`: `*` and `?` within one path segment, `**` for any
/// number of folders, `[...]` classes (fnmatch). Expanded without a shell, so a quoted pattern
/// means the same in CI YAML, make and an interactive shell.
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::diff {

/// True when `path` (relative, '/'-separated) matches `pattern`.
bool glob_match(std::string_view pattern, std::string_view path);

/// The fixed folder a pattern starts from: the segments before the first wildcard ("." if none).
std::string glob_root(const std::string& pattern);

/// The regular files matching `pattern`, sorted; the folder part before the first wildcard is
/// where the walk starts. No match is an error naming the pattern (a typo must not diff nothing).
Result<std::vector<std::string>> expand_glob(const std::string& pattern);

}  // namespace sonde::diff
