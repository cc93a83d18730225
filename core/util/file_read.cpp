#include "core/util/file_read.hpp"
#include "core/util/prefault.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

namespace sonde {

namespace {

const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

std::unexpected<Error> cannot_read(const std::string& path, int err) {
  return fail(ErrorKind::invalid_input, "cannot read file (" + std::string(std::strerror(err)) + ")", path);
}

std::string mebibytes(std::size_t bytes) {
  std::size_t tenths = (bytes * 10 + (std::size_t{1} << 19)) >> 20;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

}  // namespace

std::string format_limit(std::size_t limit) {
  if (limit >= (std::size_t{1} << 20) && limit % (std::size_t{1} << 20) == 0) {
    return std::to_string(limit >> 20) + " MiB";
  }
  return std::to_string(limit) + "-byte";
}

Error out_of_memory(const std::string& path, std::size_t bytes) {
  return Error{ErrorKind::runtime, "out of memory while reading " + mebibytes(bytes), path,
               "raise the memory limit (ulimit -v) or give sonde a smaller file"};
}

Error too_large(const std::string& path, std::size_t limit) {
  return Error{ErrorKind::invalid_input, "file larger than the " + format_limit(limit) + " limit", path, {}};
}

ReadableFile::ReadableFile(ReadableFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), limit_(other.limit_), size_(other.size_) {}

ReadableFile::~ReadableFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<ReadableFile> ReadableFile::open(const std::string& path, std::size_t limit) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return cannot_read(path, errno);
  ReadableFile file(fd, path, limit);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return cannot_read(path, errno);
  if (S_ISDIR(st.st_mode)) return fail(ErrorKind::invalid_input, "is a directory, not a file", path);
  if (!S_ISREG(st.st_mode)) {
    return fail(ErrorKind::invalid_input, std::string("not a regular file (") + kind_of(st.st_mode) + ")", path);
  }
  file.size_ = static_cast<std::size_t>(st.st_size);
  if (file.size_ > limit) return std::unexpected(too_large(path, limit));
  // Reads from a regular file never block; clearing the flag only keeps later users unsurprised.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return file;
}

Result<std::string> ReadableFile::read_all() {
  std::string content;
  try {
    // Sized up front, so a 100 MB body costs 100 MB, not two or three copies, and read straight
    // into place: through a buffer, a 47 MB description cost one more pass over its bytes.
    int error = 0;
    content.resize_and_overwrite(std::min(size_, limit_ + 1), [&](char* buffer, std::size_t capacity) {
      prefault_for_write(buffer, capacity);
      std::size_t got = 0;
      while (got < capacity) {
        ssize_t n = ::read(fd_, buffer + got, capacity - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error = errno;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
      return got;
    });
    if (error != 0) return cannot_read(path_, error);
    if (content.size() > limit_) return std::unexpected(too_large(path_, limit_));
    // What the size did not announce (a file that grew, a pipe, /proc): read until the end.
    char chunk[1 << 16];
    while (true) {
      // At most limit + 1 bytes: one byte past the limit is enough to know it was crossed.
      std::size_t want = std::min(sizeof chunk, limit_ + 1 - content.size());
      ssize_t n = ::read(fd_, chunk, want);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return cannot_read(path_, errno);
      if (n == 0) break;
      content.append(chunk, static_cast<std::size_t>(n));
      if (content.size() > limit_) return std::unexpected(too_large(path_, limit_));
    }
  } catch (const std::bad_alloc&) {
    std::size_t reached = std::max(content.size(), size_);
    content = std::string();  // freed first: the message needs a little memory too
    return std::unexpected(out_of_memory(path_, reached));
  }
  return content;
}

Result<std::string> read_file(const std::string& path, std::size_t limit) {
  auto file = ReadableFile::open(path, limit);
  if (!file) return std::unexpected(file.error());
  return file->read_all();
}

Result<void> check_library_file(const std::string& path, std::string_view what, std::string_view where) {
  struct stat st{};
  if (path.empty() || ::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return {};
  return fail(ErrorKind::invalid_input, std::string(what) + " '" + path + "' is not a regular file",
              where.empty() ? path : std::string(where));
}

}  // namespace sonde
