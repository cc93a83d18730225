#include "core/util/mapped_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace sonde {

namespace {

#ifndef MADV_POPULATE_READ
constexpr int k_populate_read = 22;  // the kernel's ABI, for older headers
#else
constexpr int k_populate_read = MADV_POPULATE_READ;
#endif

}  // namespace

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
      released_(std::exchange(other.released_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    MappedFile gone(std::move(*this));
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    released_ = std::exchange(other.released_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr && size_ > 0) ::munmap(const_cast<char*>(data_), size_);
}

Result<MappedFile> MappedFile::map(int fd, std::size_t size, const std::string& path) {
  if (size == 0) return MappedFile(nullptr, 0);
  void* at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (at == MAP_FAILED) return fail(ErrorKind::runtime, std::string("cannot map the file: ") + std::strerror(errno), path);
  // Read once, front to back: ask for read-ahead and no keeping behind.
  (void)::madvise(at, size, MADV_SEQUENTIAL);
  return MappedFile(static_cast<const char*>(at), size);
}

void MappedFile::release_before(std::size_t offset) noexcept {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t end = std::min(offset, size_) / page * page;
  if (data_ == nullptr || end <= released_) return;
  // A private read-only mapping: the pages come back from the file if touched again.
  (void)::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

void MappedFile::read_ahead(std::size_t offset, std::size_t length) noexcept {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  if (data_ == nullptr || offset >= size_) return;
  const std::size_t first = offset / page * page;
  const std::size_t last = std::min(size_, offset + length);
  (void)::madvise(const_cast<char*>(data_) + first, last - first, k_populate_read);
}

}  // namespace sonde
