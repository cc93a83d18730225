#pragma once
/// Writing report files so that a reader never sees half a file: write a temporary file in the
/// same directory, flush it, then rename(2) it over the target. Only a regular file (or a path
/// that does not exist yet) is replaced that way; a character device or a FIFO (/dev/null,
/// /dev/stdout, a pipe) is written through, and nothing else is ever replaced.
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/file_read.hpp"  // read_file lived here first; its callers still include this header

namespace sonde {

/// Writes `content` to `path`:
/// - absent or a regular file: atomically (temporary file + rename); on failure the target is
///   untouched and no temporary file is left behind;
/// - a symlink: resolved; a regular file at the end of it is replaced atomically (the link stays
///   a link), a device or FIFO is written through, a dangling link is refused;
/// - a character device or a FIFO: written through, never renamed over (ENOSPC from /dev/full
///   is a runtime error like any failed write);
/// - a directory, socket or block device: refused (usage).
/// Write errors are runtime errors naming `path`.
Result<void> write_file_atomically(const std::string& path, std::string_view content);

/// Before a long run: the usage error write_file_atomically() would give for `path` (a
/// directory, socket or block device, a dangling link, a folder that does not exist), so a bad
/// report path is refused before the work, not after it.
Result<void> check_report_path(const std::string& path);

/// Writes `content` as `name` (one path component) in the directory open as `dir_fd`,
/// atomically: a temporary file created there, then renameat(2). Whatever `name` was (a regular
/// file, a symbolic link) is replaced and never followed, so nothing outside the directory is
/// touched. `shown` names the file in errors (runtime errors, as above).
Result<void> write_file_atomically_at(int dir_fd, const std::string& name, std::string_view content,
                                      const std::string& shown);

}  // namespace sonde
