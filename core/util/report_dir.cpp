#include "core/util/report_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/util/atomic_file.hpp"

namespace sonde {

namespace {

Result<int> open_dir(const std::string& dir) {
  std::error_code ec;
  const auto status = std::filesystem::status(dir, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status)) {
    return fail(ErrorKind::usage, "cannot write the report: not a directory", dir);
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(ErrorKind::usage, "cannot create the report directory (" + ec.message() + ")", dir);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorKind::usage, std::string("cannot open the report directory (") + std::strerror(errno) + ")", dir);
  }
  return fd;
}

}  // namespace

Result<void> write_report_dir(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  if (dir.empty()) return fail(ErrorKind::usage, "the report directory is empty", {}, "e.g. --report-html report/");
  auto fd = open_dir(dir);
  if (!fd) return std::unexpected(fd.error());
  const std::string prefix = dir.back() == '/' ? dir : dir + "/";
  for (const auto& [name, content] : files) {
    if (auto ok = write_file_atomically_at(*fd, name, content, prefix + name); !ok) {
      ::close(*fd);
      return ok;
    }
  }
  ::close(*fd);
  return {};
}

}  // namespace sonde
