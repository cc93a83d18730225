#pragma once
/// Writing report files so that a reader never sees half a file: write a temporary file in the
/// same directory, flush it, then rename(2) it over the target.
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde {

/// Replaces `path` with `content` atomically. On failure the target is untouched and no
/// temporary file is left behind.
Result<void> write_file_atomically(const std::string& path, std::string_view content);

/// Reads a whole file; the error names the path and the reason (exit 3 kind).
Result<std::string> read_file(const std::string& path);

}  // namespace sonde
