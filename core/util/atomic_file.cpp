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
#include <utility>

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

// mkstemp creates 0600; a report is an ordinary file, so honour the umask like open(2) would.
void honour_umask(int fd) {
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
}

// Fills the temporary file `fd` and closes it; the caller renames it into place or unlinks it.
Result<void> fill_temporary(int fd, std::string_view content, const std::string& path) {
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

// A new temporary file next to `target`, with the mode open(2) would give it. `temp` is left
// empty when none was made.
int make_temporary(const std::string& target, std::string& temp) {
  temp = target + ".tmp-XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd >= 0) honour_umask(fd);
  else temp.clear();
  return fd;
}

// A file with no name in the folder of `target` (O_TMPFILE), or -1 where the kernel, the file
// system or a missing /proc (needed to give it a name later) does not allow one.
int make_unnamed(const std::string& target) {
  if (::access("/proc/self/fd", X_OK) != 0) return -1;
  std::string dir = std::filesystem::path(target).parent_path().string();
  if (dir.empty()) dir = ".";
  return ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);  // the umask applies
}

// Gives the unnamed file `fd` a fresh temporary name next to `target` (in `temp`).
bool name_unnamed(int fd, const std::string& target, std::string& temp) {
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = target + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
    if (errno != EEXIST) break;
  }
  temp.clear();
  return false;
}

Result<void> replace_atomically(const std::string& path, const std::string& target, std::string_view content) {
  std::string temp;
  int fd = make_temporary(target, temp);
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
    if (fd >= 0) honour_umask(fd);
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

namespace {

// Where a report for `path` goes: the regular file (or free name) a rename replaces, or a device
// or FIFO written through (`through`).
struct Destination {
  std::string target;
  bool through = false;
};

Result<Destination> destination(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return cannot_write(path, errno);
    return Destination{path, false};
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
  if (S_ISREG(st.st_mode)) return Destination{target, false};
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return Destination{path, true};
  return fail(ErrorKind::usage, std::string("cannot write report: ") + unwritable_kind(st.st_mode) + " is not a file", path);
}

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view content) {
  auto where = destination(path);
  if (!where) return std::unexpected(where.error());
  if (where->through) return write_through(path, content);
  return replace_atomically(path, where->target, content);
}

Result<AtomicFileWriter> AtomicFileWriter::open(const std::string& path) {
  auto where = destination(path);
  if (!where) return std::unexpected(where.error());
  if (!where->through) {
    if (auto ok = check_report_path(path); !ok) return std::unexpected(ok.error());
  }
  AtomicFileWriter w;
  w.path_ = path;
  w.target_ = where->target;
  if (where->through) {
    struct stat st {};
    w.early_ = ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
    return w;
  }
  w.fd_ = make_unnamed(w.target_);
  w.unnamed_ = w.fd_ >= 0;
  if (!w.unnamed_) w.fd_ = make_temporary(w.target_, w.temp_);
  if (w.fd_ < 0) return cannot_write(path, errno);
  return w;
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept { *this = std::move(other); }

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& other) noexcept {
  if (this != &other) {
    abandon();
    path_ = std::move(other.path_);
    target_ = std::move(other.target_);
    temp_ = std::move(other.temp_);
    unnamed_ = other.unnamed_;
    early_ = other.early_;
    fd_ = std::exchange(other.fd_, -1);
    pending_ = std::move(other.pending_);
    failed_ = std::move(other.failed_);
    done_ = std::exchange(other.done_, true);
  }
  return *this;
}

AtomicFileWriter::~AtomicFileWriter() { abandon(); }

void AtomicFileWriter::abandon() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!done_ && !temp_.empty()) ::unlink(temp_.c_str());
  done_ = true;
}

void AtomicFileWriter::write(std::string_view data) {
  if (failed_ || done_) return;
  pending_.append(data);
  if (early_ && pending_.size() >= (256u << 10)) flush();
}

void AtomicFileWriter::flush() {
  if (failed_ || pending_.empty()) return;
  if (fd_ < 0) {  // written through: opened on the first flush
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    struct stat st {};
    if (fd_ < 0 || ::fstat(fd_, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
      failed_ = fd_ < 0 ? cannot_write(path_, errno).error()
                        : Error{ErrorKind::runtime, "cannot write report (the file changed while it was opened)", path_, {}};
      pending_.clear();
      return;
    }
  }
  if (auto w = write_all(fd_, pending_); !w) {
    failed_ = Error{ErrorKind::runtime, "cannot write report (" + w.error().message + ")", path_, {}};
  }
  pending_.clear();
}

Result<void> AtomicFileWriter::commit() {
  if (done_) return fail(ErrorKind::internal, "the report was already written", path_);
  flush();
  const bool temporary = unnamed_ || !temp_.empty();
  if (!failed_ && temporary) {
    if (::fsync(fd_) != 0) failed_ = cannot_write(path_, errno).error();
  }
  // An unnamed file gets its temporary name only now, just before the rename.
  if (!failed_ && unnamed_ && !name_unnamed(fd_, target_, temp_)) failed_ = cannot_write(path_, errno).error();
  if (fd_ >= 0 && ::close(fd_) != 0 && !failed_) failed_ = cannot_write(path_, errno).error();
  fd_ = -1;
  if (!failed_ && !temp_.empty() && ::rename(temp_.c_str(), target_.c_str()) != 0) failed_ = cannot_write(path_, errno).error();
  if (failed_) {
    abandon();
    return std::unexpected(*failed_);
  }
  done_ = true;
  return {};
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
