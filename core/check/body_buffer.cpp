#include "core/check/body_buffer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace sonde::check {

namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::unexpected<Error> cannot_read(const std::string& path, int err) {
  return fail(ErrorKind::invalid_input, "cannot read file (" + std::string(std::strerror(err)) + ")", path);
}

}  // namespace

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

Result<BodyBuffer> BodyBuffer::read_file(const std::string& path, std::size_t map_threshold) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return cannot_read(path, errno);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) return cannot_read(path, errno);
  if (S_ISDIR(st.st_mode)) return fail(ErrorKind::invalid_input, "is a directory, not a file", path);
  BodyBuffer body;
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) >= map_threshold && st.st_size > 0) {
    auto size = static_cast<std::size_t>(st.st_size);
    // MAP_PRIVATE: writes (in-place unescaping) stay in this process; the file is never changed.
    // No MAP_POPULATE: on a writable private mapping it pre-faults every page for writing, i.e.
    // copies the whole file (measured: 5% of the run in the kernel's copy routine).
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, file.fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size, MADV_SEQUENTIAL);
      ::madvise(p, size, MADV_WILLNEED);
      body.mapped_ = static_cast<char*>(p);
      body.mapped_size_ = size;
      return body;
    }
  }
  // Small files, pipes, and anything mmap refuses: read into one buffer, exactly sized for files.
  if (S_ISREG(st.st_mode)) body.owned_.reserve(static_cast<std::size_t>(st.st_size));
  char chunk[1 << 16];
  while (true) {
    ssize_t n = ::read(file.fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return cannot_read(path, errno);
    if (n == 0) break;
    body.owned_.append(chunk, static_cast<std::size_t>(n));
  }
  return body;
}

}  // namespace sonde::check
