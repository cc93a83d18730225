#pragma once
/// A regular file mapped read-only, for a parser that reads it once from start to end and may
/// give back what it has passed: a 47 MB description no longer needs 47 MB of memory beside its
/// tree while it is parsed (issue 18: peak memory proportional to the file). Pages given back
/// are read again from the file if touched, so the text is always whole to its reader.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde {

class MappedFile {
 public:
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  ~MappedFile();

  /// Maps the first `size` bytes of the open regular file `fd` (the descriptor may be closed
  /// afterwards). `path` names the file in errors.
  static Result<MappedFile> map(int fd, std::size_t size, const std::string& path);

  std::string_view text() const { return {data_, size_}; }
  /// Lets the whole pages before `offset` go from this process's memory.
  void release_before(std::size_t offset) noexcept;
  /// Reads in [offset, offset + length) ahead of its reader, in one system call rather than a
  /// page fault per 64 KiB (MADV_POPULATE_READ, Linux 5.14; a no-op where unknown).
  void read_ahead(std::size_t offset, std::size_t length) noexcept;

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t released_ = 0;  ///< bytes from the start already given back (whole pages)
};

}  // namespace sonde
