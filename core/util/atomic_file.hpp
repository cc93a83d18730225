#pragma once
/// Writing report files so that a reader never sees half a file: write a temporary file in the
/// same directory, flush it, then rename(2) it over the target. Only a regular file (or a path
/// that does not exist yet) is replaced that way; a character device or a FIFO (/dev/null,
/// /dev/stdout, a pipe) is written through, and nothing else is ever replaced.
#include <optional>
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

/// A report written piece by piece (a proxy's traffic, as it passes) that readers still only ever
/// see whole: the rules of write_file_atomically with the content streamed instead of held in
/// memory. A regular file (or a path that does not exist yet) is written as a temporary file next
/// to it and renamed over it by commit(); a writer dropped without commit() removes its temporary
/// file, so a failed run leaves nothing half-written. Where the kernel allows (O_TMPFILE, Linux
/// 3.11, and /proc), the temporary file has no name until commit(), so not even a process killed
/// mid-run (a second Ctrl-C, SIGKILL, a crash) leaves one behind. A character device is written
/// through, opened on the first write that leaves the buffer; a FIFO or pipe only at commit(), as
/// a whole, so a reader that is slow or not there yet never stalls the writer's caller.
class AtomicFileWriter {
 public:
  /// Refuses at once what write_file_atomically() would refuse (a directory, a dangling link, a
  /// folder that does not exist) and creates the temporary file.
  static Result<AtomicFileWriter> open(const std::string& path);

  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();

  /// Appends `data` (gathered, written out in large pieces). After a failure further writes are
  /// dropped; commit() reports the first one.
  void write(std::string_view data);

  /// The first write that failed (a full disk), or nullptr: known as soon as a piece is written
  /// out, so a long run can say so at once instead of at commit().
  const Error* failure() const { return failed_ ? &*failed_ : nullptr; }

  /// Flushes, syncs and renames the temporary file into place (or finishes writing through).
  /// Runtime errors name the path as given.
  Result<void> commit();

 private:
  AtomicFileWriter() = default;
  void flush();
  void abandon();

  std::string path_;    ///< as given, for messages
  std::string target_;  ///< the file the rename replaces (a symbolic link's target)
  std::string temp_;    ///< the temporary file's name; empty: written through, or unnamed
  bool unnamed_ = false;  ///< an O_TMPFILE, linked under a name by commit()
  bool early_ = true;     ///< writes leave the buffer before commit() (not for a FIFO)
  int fd_ = -1;
  std::string pending_;
  std::optional<Error> failed_;
  bool done_ = false;
};

}  // namespace sonde
