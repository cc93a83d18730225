#include "core/check/body_buffer.hpp"

#include <sys/mman.h>

#include <utility>

#include "core/util/file_read.hpp"

namespace sonde::check {

BodyBuffer::BodyBuffer(BodyBuffer&& other) noexcept
    : owned_(std::move(other.owned_)),
      mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)) {}

BodyBuffer& BodyBuffer::operator=(BodyBuffer other) noexcept {
  std::swap(owned_, other.owned_);
  std::swap(mapped_, other.mapped_);
  std::swap(mapped_size_, other.mapped_size_);
  return *this;
}

BodyBuffer::~BodyBuffer() {
  if (mapped_) ::munmap(mapped_, mapped_size_);
}

Result<BodyBuffer> BodyBuffer::read_file(const std::string& path, std::size_t map_threshold, std::size_t limit) {
  // The same rules as sonde::read_file: regular files only (a FIFO or /dev/zero would never end),
  // and never more than `limit` bytes.
  auto file = ReadableFile::open(path, limit);
  if (!file) return std::unexpected(file.error());
  BodyBuffer body;
  std::size_t size = file->size();
  if (size >= map_threshold && size > 0) {
    // MAP_PRIVATE: writes (in-place unescaping) stay in this process; the file is never changed.
    // No MAP_POPULATE: on a writable private mapping it pre-faults every page for writing, i.e.
    // copies the whole file (measured: 5% of the run in the kernel's copy routine).
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, file->fd(), 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size, MADV_SEQUENTIAL);
      ::madvise(p, size, MADV_WILLNEED);
      body.mapped_ = static_cast<char*>(p);
      body.mapped_size_ = size;
      return body;
    }
  }
  // Small files and anything mmap refuses: read into one buffer, exactly sized.
  auto text = file->read_all();
  if (!text) return std::unexpected(text.error());
  body.owned_ = std::move(*text);
  return body;
}

}  // namespace sonde::check
