#pragma once
/// A regular file read into memory a window at a time, ahead of a parser that reads it once from
/// start to end, and given back behind it: a 47 MB description no longer needs 47 MB of memory
/// beside its tree while it is parsed (issue 18: peak memory proportional to the file).
///
/// Read with pread into reserved anonymous memory rather than mapped: a mapped file that another
/// program truncates while it is parsed kills the reader with SIGBUS. Bytes not read yet are
/// zeros, which JSON never allows outside or inside a string, so a parse that outruns the reading
/// (or a file that ended early) fails instead of misreading.
#include <cstddef>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/file_read.hpp"

namespace sonde {

class WindowedFile {
 public:
  WindowedFile(const WindowedFile&) = delete;
  WindowedFile& operator=(const WindowedFile&) = delete;
  WindowedFile(WindowedFile&& other) noexcept;
  WindowedFile& operator=(WindowedFile&&) = delete;
  ~WindowedFile();

  /// Reserves room for the file's size as it was opened (nothing is read yet).
  static Result<WindowedFile> open(ReadableFile file);

  /// The whole file's room: what was read, zeros past it.
  std::string_view text() const { return {data_, size_}; }
  /// Reads on up to `end` (at most the size); false when a read failed or the file ended early.
  bool read_to(std::size_t end) noexcept;
  /// Gives the whole pages before `offset` back (they read as zeros afterwards).
  void release_before(std::size_t offset) noexcept;

 private:
  WindowedFile(ReadableFile file, char* data, std::size_t size) : file_(std::move(file)), data_(data), size_(size) {}
  ReadableFile file_;
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t read_ = 0;      ///< bytes read from the start
  std::size_t released_ = 0;  ///< bytes from the start given back (whole pages)
  bool failed_ = false;
};

}  // namespace sonde
