#pragma once
/// Reading the files sonde is given (descriptions and their $ref targets, HAR, response bodies,
/// request files, ignore and env files, root hints) under one policy: only regular files, and
/// never more than a limit. A FIFO would block forever and /dev/zero never ends, so anything but a
/// regular file is refused before a byte is read; the limit bounds a file that grows while read.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/util/error.hpp"

namespace sonde {

/// The default cap on one file read (man/sonde.1, FILES): 256 MiB.
inline constexpr std::size_t k_read_limit = std::size_t{256} << 20;

/// "256 MiB" for whole mebibytes, else "1000-byte": the limit as error messages name it.
std::string format_limit(std::size_t limit);

/// An open regular file (closed on destruction) and its size when opened.
class ReadableFile {
 public:
  ReadableFile(const ReadableFile&) = delete;
  ReadableFile& operator=(const ReadableFile&) = delete;
  ReadableFile(ReadableFile&& other) noexcept;
  ~ReadableFile();
  int fd() const { return fd_; }
  std::size_t size() const { return size_; }
  /// Reads the rest of the file, refusing it once it passes the limit it was opened with (a file
  /// may grow while read).
  Result<std::string> read_all();

  /// Opens `path` without blocking (a FIFO's open returns at once), then refuses a directory
  /// ("is a directory, not a file") or anything else that is not a regular file ("not a regular
  /// file (a FIFO)"), and a file already above `limit` ("file larger than the 256 MiB limit").
  /// Errors are invalid_input and name the path.
  static Result<ReadableFile> open(const std::string& path, std::size_t limit);

 private:
  ReadableFile(int fd, std::string path, std::size_t limit) : fd_(fd), path_(std::move(path)), limit_(limit) {}
  int fd_ = -1;
  std::string path_;
  std::size_t limit_ = 0;
  std::size_t size_ = 0;
};

/// The error for a file found above `limit` while reading it.
Error too_large(const std::string& path, std::size_t limit);

/// "out of memory while reading 40.0 MiB" (runtime, exit 4) for `path`, `bytes` being the size
/// reached or known.
Error out_of_memory(const std::string& path, std::size_t bytes);

/// Reads a whole regular file of at most `limit` bytes (see ReadableFile::open; a file that grows
/// past the limit while read is refused too). Running out of memory is a runtime error naming
/// the file and how much was read.
Result<std::string> read_file(const std::string& path, std::size_t limit = k_read_limit);

/// Files sonde hands to a library to open itself (CA bundle, client certificate and key, cookie
/// files): libcurl would block on a FIFO or read a device without end, so an existing path must be
/// a regular file ("--cacert '/tmp/fifo' is not a regular file", invalid_input naming `where`, or
/// the path when `where` is empty). A missing path is left to the library's own error.
Result<void> check_library_file(const std::string& path, std::string_view what, std::string_view where = {});

}  // namespace sonde
