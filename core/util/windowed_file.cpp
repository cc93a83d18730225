#include "core/util/windowed_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/util/prefault.hpp"

namespace sonde {

WindowedFile::WindowedFile(WindowedFile&& other) noexcept
    : file_(std::move(other.file_)), data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
      read_(other.read_), released_(other.released_), failed_(other.failed_) {}

WindowedFile::~WindowedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

Result<WindowedFile> WindowedFile::open(ReadableFile file) {
  const std::size_t size = file.size();
  if (size == 0) return WindowedFile(std::move(file), nullptr, 0);
  // Address space only: pages exist once a window is read into them.
  void* at = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (at == MAP_FAILED) return fail(ErrorKind::runtime, std::string("cannot reserve memory: ") + std::strerror(errno));
  return WindowedFile(std::move(file), static_cast<char*>(at), size);
}

bool WindowedFile::read_to(std::size_t end) noexcept {
  end = std::min(end, size_);
  if (failed_) return false;
  if (end <= read_) return true;
  prefault_for_write(data_ + read_, end - read_);  // one call for the window, not a fault a page
  while (read_ < end) {
    ssize_t n = ::pread(file_.fd(), data_ + read_, end - read_, static_cast<off_t>(read_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // an error, or the file is shorter than it was
      failed_ = true;
      return false;
    }
    read_ += static_cast<std::size_t>(n);
  }
  return true;
}

void WindowedFile::release_before(std::size_t offset) noexcept {
  // In whole 2 MiB stretches: the windows are on huge pages (prefault.hpp), and giving back part
  // of one splits it.
  constexpr std::size_t k_stretch = std::size_t{2} << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(data_);
  const std::uintptr_t limit = (start + std::min(offset, read_)) & ~(std::uintptr_t{k_stretch} - 1);
  const std::size_t end = limit > start ? static_cast<std::size_t>(limit - start) : 0;
  if (data_ == nullptr || end <= released_) return;
  (void)::madvise(data_ + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace sonde
