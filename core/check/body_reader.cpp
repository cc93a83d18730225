#include "core/check/body_reader.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace sonde::check {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<std::string> read_body(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return fail(ErrorKind::invalid_input, "cannot read file (" + std::string(std::strerror(errno)) + ")", path);
  struct stat st {};
  if (::fstat(fileno(file.get()), &st) != 0 || S_ISDIR(st.st_mode)) {
    return fail(ErrorKind::invalid_input, "is a directory, not a file", path);
  }
  std::string body;
  if (S_ISREG(st.st_mode)) body.reserve(static_cast<std::size_t>(st.st_size));
  char chunk[1 << 16];
  // Regular files fill the reserved buffer exactly; pipes and /dev/stdin grow it.
  while (std::size_t n = std::fread(chunk, 1, sizeof chunk, file.get())) body.append(chunk, n);
  if (std::ferror(file.get())) return fail(ErrorKind::invalid_input, "cannot read file (I/O error)", path);
  return body;
}

}  // namespace sonde::check
