#include "core/util/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace sonde {

namespace {
std::string errno_text(int err) { return std::strerror(err); }
}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view content) {
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    return fail(ErrorKind::runtime, "cannot write report (" + errno_text(errno) + ")", path);
  }
  // mkstemp creates 0600; a report is an ordinary file, so honour the umask like open(2) would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return fail(ErrorKind::runtime, "cannot write report (" + errno_text(err) + ")", path);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return fail(ErrorKind::runtime, "cannot write report (" + errno_text(err) + ")", path);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return fail(ErrorKind::runtime, "cannot write report (" + errno_text(err) + ")", path);
  }
  return {};
}

Result<std::string> read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fail(ErrorKind::invalid_input, "cannot read file (" + errno_text(errno) + ")", path);
  }
  if (S_ISDIR(st.st_mode)) return fail(ErrorKind::invalid_input, "is a directory, not a file", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::invalid_input, "cannot read file (" + errno_text(errno) + ")", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return fail(ErrorKind::invalid_input, "cannot read file (I/O error)", path);
  return buffer.str();
}

}  // namespace sonde
