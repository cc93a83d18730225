#include "core/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace sonde {

namespace {

std::string errno_text(int err) { return std::strerror(err); }

std::unexpected<Error> cannot_write(const std::string& path, int err) {
  return fail(ErrorKind::runtime, "cannot write report (" + errno_text(err) + ")", path);
}

const char* unwritable_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  return "this kind of file";
}

Result<void> write_all(int fd, std::string_view content) {
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::unexpected(Error{ErrorKind::runtime, errno_text(n < 0 ? errno : EIO), {}, {}});
    written += static_cast<std::size_t>(n);
  }
  return {};
}

// Fills the temporary file `fd` and closes it; the caller renames it into place or unlinks it.
Result<void> fill_temporary(int fd, std::string_view content, const std::string& path) {
  // mkstemp creates 0600; a report is an ordinary file, so honour the umask like open(2) would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (auto w = write_all(fd, content); !w) {
    ::close(fd);
    return fail(ErrorKind::runtime, "cannot write report (" + w.error().message + ")", path);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return cannot_write(path, err);
  }
  if (::close(fd) != 0) return cannot_write(path, errno);
  return {};
}

Result<void> replace_atomically(const std::string& path, const std::string& target, std::string_view content) {
  std::string temp = target + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return cannot_write(path, errno);
  if (auto filled = fill_temporary(fd, content, path); !filled) {
    ::unlink(temp.c_str());
    return filled;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return cannot_write(path, err);
  }
  return {};
}

// mkstemp has no *at variant: the same, with O_EXCL and O_NOFOLLOW on a name relative to dir_fd.
int make_temporary_at(int dir_fd, const std::string& name, std::string& temp) {
  static constexpr char k_digits[] = "0123456789abcdef";
  unsigned long long seed = static_cast<unsigned long long>(::getpid()) * 2654435761ULL ^
                            reinterpret_cast<std::uintptr_t>(&temp);
  for (int attempt = 0; attempt < 100; ++attempt) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    temp = "." + name + ".tmp-";
    for (int i = 0; i < 8; ++i) temp += k_digits[(seed >> (4 * i + 32)) & 0xF];
    int fd = ::openat(dir_fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// A device or FIFO is the reader's business (/dev/null, /dev/stdout, a pipe): write into it, no
// temporary file, no rename, no fsync (character devices refuse it).
Result<void> write_through(const std::string& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return cannot_write(path, errno);
  struct stat st {};
  // Re-checked on the open file: the path may have been swapped for a regular file meanwhile.
  if (::fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    ::close(fd);
    return fail(ErrorKind::runtime, "cannot write report (the file changed while it was opened)", path);
  }
  auto w = write_all(fd, content);
  ::close(fd);
  if (!w) return fail(ErrorKind::runtime, "cannot write report (" + w.error().message + ")", path);
  return {};
}

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view content) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return cannot_write(path, errno);
    return replace_atomically(path, path, content);
  }
  std::string target = path;
  if (S_ISLNK(st.st_mode)) {
    if (::stat(path.c_str(), &st) != 0) {
      return fail(ErrorKind::usage, "cannot write report: the symbolic link leads nowhere (" + errno_text(errno) + ")",
                  path, "give the path of a file, or make the link point to one");
    }
    if (S_ISREG(st.st_mode)) {
      // Replace the file the link leads to, next to it, so the link itself stays a link.
      std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr), &std::free);
      if (!real) return cannot_write(path, errno);
      target = real.get();
    }
  }
  if (S_ISREG(st.st_mode)) return replace_atomically(path, target, content);
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return write_through(path, content);
  return fail(ErrorKind::usage, std::string("cannot write report: ") + unwritable_kind(st.st_mode) + " is not a file", path);
}

Result<void> check_report_path(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return cannot_write(path, errno);
    std::string parent = std::filesystem::path(path).parent_path().string();
    if (parent.empty()) parent = ".";
    if (::stat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return fail(ErrorKind::usage, "cannot write report: its folder does not exist", path);
    }
    return {};
  }
  if (S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0) {
    return fail(ErrorKind::usage, "cannot write report: the symbolic link leads nowhere (" + errno_text(errno) + ")",
                path, "give the path of a file, or make the link point to one");
  }
  if (S_ISREG(st.st_mode) || S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return {};
  return fail(ErrorKind::usage, std::string("cannot write report: ") + unwritable_kind(st.st_mode) + " is not a file", path);
}

Result<void> write_file_atomically_at(int dir_fd, const std::string& name, std::string_view content,
                                      const std::string& shown) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
    return fail(ErrorKind::internal, "a report file name must be one path component", name);
  }
  std::string temp;
  int fd = make_temporary_at(dir_fd, name, temp);
  if (fd < 0) return cannot_write(shown, errno);
  if (auto filled = fill_temporary(fd, content, shown); !filled) {
    ::unlinkat(dir_fd, temp.c_str(), 0);
    return filled;
  }
  if (::renameat(dir_fd, temp.c_str(), dir_fd, name.c_str()) != 0) {
    int err = errno;
    ::unlinkat(dir_fd, temp.c_str(), 0);
    return cannot_write(shown, err);
  }
  return {};
}

}  // namespace sonde
