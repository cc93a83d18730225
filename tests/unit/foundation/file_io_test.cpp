// Hostile paths for the files sonde reads and the reports it writes (issue 20, items 4 and 6):
// devices, FIFOs, sockets and symlinks must never hang a read or be replaced by a report.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

#include <fcntl.h>

#include "core/check/body_buffer.hpp"
#include "core/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("sonde-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A FIFO holding `content` whose only writer closes after `delay`: a reader that does not refuse
// FIFOs gets the content (instead of hanging the test) and so fails the test.
struct FilledFifo {
  int writer = -1;
  std::thread closer;
  FilledFifo(const std::string& path, const std::string& content) {
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    writer = ::open(path.c_str(), O_RDWR | O_CLOEXEC);  // Linux: O_RDWR on a FIFO never blocks
    REQUIRE(writer >= 0);
    REQUIRE(::write(writer, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    closer = std::thread([fd = writer] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      ::close(fd);
    });
  }
  ~FilledFifo() { closer.join(); }
};

}  // namespace

TEST_CASE("read_file refuses devices and FIFOs before reading", "[file-read]") {
  auto null = sonde::read_file("/dev/null");
  REQUIRE_FALSE(null);
  CHECK(null.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(sonde::describe(null.error()) == "not a regular file (a character device): /dev/null");

  // /dev/zero never ends: refused up front rather than read until memory runs out.
  auto zero = sonde::read_file("/dev/zero");
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message == "not a regular file (a character device)");

  TempDir dir("read-fifo");
  FilledFifo fifo(dir / "spec.yaml", "openapi: 3.0.3\n");
  auto start = std::chrono::steady_clock::now();
  auto read = sonde::read_file(dir / "spec.yaml");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200));
  REQUIRE_FALSE(read);
  CHECK(read.error().message == "not a regular file (a FIFO)");
  CHECK(read.error().where == dir / "spec.yaml");

  auto directory = sonde::read_file(dir.path.string());
  REQUIRE_FALSE(directory);
  CHECK(directory.error().message == "is a directory, not a file");
}

TEST_CASE("read_file caps what it reads", "[file-read]") {
  TempDir dir("read-limit");
  std::string path = dir / "body.json";
  std::ofstream(path) << std::string(3000, 'x');
  CHECK(sonde::read_file(path, 3000)->size() == 3000);
  auto over = sonde::read_file(path, 2999);
  REQUIRE_FALSE(over);
  CHECK(over.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(sonde::describe(over.error()) == "file larger than the 2999-byte limit: " + path);
  auto mib = sonde::read_file(path, 1024);
  REQUIRE_FALSE(mib);
  CHECK(mib.error().message == "file larger than the 1024-byte limit");
  // Larger than any one read() returns at once, every byte value: read back exactly.
  std::string bytes;
  for (std::size_t i = 0; i < 300000; ++i) bytes += static_cast<char>((i * 131 + i / 7) & 0xFF);
  std::string big = dir / "big.bin";
  std::ofstream(big, std::ios::binary) << bytes;
  CHECK(*sonde::read_file(big) == bytes);
  CHECK(sonde::format_limit(256u << 20) == "256 MiB");
  CHECK(sonde::format_limit(1000) == "1000-byte");
  CHECK(sonde::k_read_limit == 256u << 20);
}

TEST_CASE("response bodies: devices and FIFOs are refused on the mapped path too", "[file-read][body-buffer]") {
  auto zero = sonde::check::BodyBuffer::read_file("/dev/zero");
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message == "not a regular file (a character device)");

  TempDir dir("body-fifo");
  FilledFifo fifo(dir / "body.json", "{}");
  auto read = sonde::check::BodyBuffer::read_file(dir / "body.json");
  REQUIRE_FALSE(read);
  CHECK(read.error().message == "not a regular file (a FIFO)");

  std::string big = dir / "big.json";
  std::ofstream(big) << std::string(5000, ' ');
  auto mapped_over = sonde::check::BodyBuffer::read_file(big, 1, 4999);  // mapped path
  REQUIRE_FALSE(mapped_over);
  CHECK(mapped_over.error().message == "file larger than the 4999-byte limit");
  auto read_over = sonde::check::BodyBuffer::read_file(big, 1 << 20, 4999);  // read path
  REQUIRE_FALSE(read_over);
  CHECK(read_over.error().message == "file larger than the 4999-byte limit");
  CHECK(sonde::check::BodyBuffer::read_file(big, 1, 5000)->size() == 5000);
}

// As root, a private copy of /dev/full (same major/minor) keeps a regression from replacing the
// system's node; elsewhere /dev/full itself is safe, since only root can rename over it.
TEST_CASE("a report written to a character device goes through it, never replaces it", "[atomic-file]") {
  TempDir dir("write-device");
  std::string full = "/dev/full";
  if (::geteuid() == 0) {
    full = dir / "full";
    REQUIRE(::mknod(full.c_str(), S_IFCHR | 0666, ::makedev(1, 7)) == 0);
  }
  auto written = sonde::write_file_atomically(full, "<testsuites/>\n");
  REQUIRE_FALSE(written);
  CHECK(written.error().kind == sonde::ErrorKind::runtime);
  CHECK(sonde::describe(written.error()) == "cannot write report (No space left on device): " + full);
  struct stat st {};
  REQUIRE(::lstat(full.c_str(), &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == (full == "/dev/full" ? 0 : 1));

  std::string null = "/dev/null";
  if (::geteuid() == 0) {
    null = dir / "null";
    REQUIRE(::mknod(null.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0);
  }
  CHECK(sonde::write_file_atomically(null, "<testsuites/>\n"));
  REQUIRE(::lstat(null.c_str(), &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("a report written to a FIFO goes through the FIFO", "[atomic-file]") {
  TempDir dir("write-fifo");
  std::string fifo = dir / "report.xml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  REQUIRE(reader >= 0);
  REQUIRE(sonde::write_file_atomically(fifo, "report"));
  char buf[16] = {};
  CHECK(::read(reader, buf, sizeof buf) == 6);
  CHECK(std::string(buf) == "report");
  ::close(reader);
  struct stat st {};
  REQUIRE(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("a report written through a symlink replaces its regular target, not the link", "[atomic-file]") {
  TempDir dir("write-symlink");
  fs::create_directories(dir.path / "real");
  std::ofstream(dir / "real/report.xml") << "old";
  fs::create_symlink("real/report.xml", dir.path / "link.xml");
  REQUIRE(sonde::write_file_atomically(dir / "link.xml", "new"));
  CHECK(fs::is_symlink(dir.path / "link.xml"));
  CHECK(slurp(dir / "real/report.xml") == "new");
  CHECK(std::distance(fs::directory_iterator(dir.path / "real"), fs::directory_iterator()) == 1);

  // A chain of links ends at the real file too.
  fs::create_symlink("link.xml", dir.path / "link2.xml");
  REQUIRE(sonde::write_file_atomically(dir / "link2.xml", "newer"));
  CHECK(fs::is_symlink(dir.path / "link2.xml"));
  CHECK(slurp(dir / "real/report.xml") == "newer");

  // A dangling link is refused (usage): writing would create a file wherever it points.
  fs::create_symlink("nowhere/report.xml", dir.path / "dangling.xml");
  auto dangling = sonde::write_file_atomically(dir / "dangling.xml", "x");
  REQUIRE_FALSE(dangling);
  CHECK(dangling.error().kind == sonde::ErrorKind::usage);
  CHECK(fs::is_symlink(dir.path / "dangling.xml"));
}

TEST_CASE("a report is never written to a socket, a directory or a block device", "[atomic-file]") {
  TempDir dir("write-socket");
  std::string sock_path = dir / "s";
  int sock = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(sock >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(sock_path.size() < sizeof addr.sun_path);
  std::copy(sock_path.begin(), sock_path.end(), addr.sun_path);
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  auto refused = sonde::write_file_atomically(sock_path, "x");
  ::close(sock);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == sonde::ErrorKind::usage);
  CHECK(refused.error().message == "cannot write report: a socket is not a file");
  struct stat st {};
  REQUIRE(::lstat(sock_path.c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));

  auto directory = sonde::write_file_atomically(dir.path.string(), "x");
  REQUIRE_FALSE(directory);
  CHECK(directory.error().kind == sonde::ErrorKind::usage);
  CHECK(directory.error().message == "cannot write report: a directory is not a file");
  CHECK(fs::is_directory(dir.path));
}

TEST_CASE("report paths are checked before a long run as the write would judge them", "[util][atomic]") {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-report-path-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  CHECK(sonde::check_report_path((dir / "new.json").string()).has_value());  // absent, in a folder that exists
  CHECK(sonde::check_report_path("/dev/null").has_value());
  auto folder = sonde::check_report_path(dir.string());
  REQUIRE_FALSE(folder.has_value());
  CHECK(folder.error().kind == sonde::ErrorKind::usage);
  auto missing = sonde::check_report_path((dir / "no-such-folder" / "r.json").string());
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message.find("folder does not exist") != std::string::npos);
  std::filesystem::create_symlink(dir / "nowhere", dir / "dangling");
  CHECK_FALSE(sonde::check_report_path((dir / "dangling").string()).has_value());
  std::filesystem::remove_all(dir);
}

TEST_CASE("files handed to libcurl must be regular when they exist", "[file-read]") {
  TempDir dir("library-file");
  REQUIRE(::mkfifo((dir / "ca.pem").c_str(), 0600) == 0);
  auto fifo = sonde::check_library_file(dir / "ca.pem", "--cacert");
  REQUIRE_FALSE(fifo);
  CHECK(fifo.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(fifo.error().message == "--cacert '" + (dir / "ca.pem") + "' is not a regular file");
  CHECK(fifo.error().where == dir / "ca.pem");
  CHECK_FALSE(sonde::check_library_file("/dev/zero", "--key", "tests/a.hurl:3"));
  CHECK(sonde::check_library_file("/dev/zero", "--key", "tests/a.hurl:3").error().where == "tests/a.hurl:3");
  CHECK_FALSE(sonde::check_library_file(dir.path.string(), "--cert"));
  std::ofstream(dir / "real.pem") << "x";
  CHECK(sonde::check_library_file(dir / "real.pem", "--cacert"));
  CHECK(sonde::check_library_file(dir / "missing.pem", "--cacert"));  // libcurl names a missing file itself
  CHECK(sonde::check_library_file("", "--cacert"));
}

TEST_CASE("a report written piece by piece appears whole, and only on commit", "[atomic-file]") {
  TempDir dir("write-streamed");
  const std::string path = dir / "traffic.har";
  std::ofstream(path) << "the previous run's report";
  auto writer = sonde::AtomicFileWriter::open(path);
  REQUIRE(writer);
  const std::string piece(100'000, 'x');  // past the writer's gathering buffer: it reaches the disk early
  for (int i = 0; i < 5; ++i) writer->write(piece);
  CHECK(slurp(path) == "the previous run's report");  // readers still see the old file, whole
  // Where the file system takes O_TMPFILE the temporary has no name until commit(), so a process
  // killed mid-run leaves nothing; elsewhere it is a named file beside the report.
  const int probe = ::open(dir.path.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  const bool unnamed = probe >= 0 && ::access("/proc/self/fd", X_OK) == 0;
  if (probe >= 0) ::close(probe);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == (unnamed ? 1 : 2));
  REQUIRE(writer->commit());
  CHECK(slurp(path) == std::string(500'000, 'x'));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
  CHECK_FALSE(writer->commit());  // once only
}

TEST_CASE("a report writer dropped before commit leaves nothing behind", "[atomic-file]") {
  TempDir dir("write-abandoned");
  {
    auto writer = sonde::AtomicFileWriter::open(dir / "report.json");
    REQUIRE(writer);
    writer->write(std::string(300'000, 'y'));
    auto moved = std::move(*writer);  // the temporary file follows the writer that owns it
    moved.write("z");
  }
  CHECK(fs::is_empty(dir.path));
  // Refused at open, as write_file_atomically would refuse it at the end of a run.
  auto folder = sonde::AtomicFileWriter::open(dir / "missing/report.json");
  REQUIRE_FALSE(folder);
  CHECK(folder.error().kind == sonde::ErrorKind::usage);
  auto directory = sonde::AtomicFileWriter::open(dir.path.string());
  REQUIRE_FALSE(directory);
  CHECK(directory.error().kind == sonde::ErrorKind::usage);
}

TEST_CASE("a streamed report goes through a device and through a symlink's target", "[atomic-file]") {
  TempDir dir("write-streamed-targets");
  auto null = sonde::AtomicFileWriter::open("/dev/null");
  REQUIRE(null);
  null->write(std::string(400'000, 'n'));
  CHECK(null->commit());
  std::string full = "/dev/full";
  if (::geteuid() == 0) {
    full = dir / "full";
    REQUIRE(::mknod(full.c_str(), S_IFCHR | 0666, ::makedev(1, 7)) == 0);
  }
  auto no_space = sonde::AtomicFileWriter::open(full);
  REQUIRE(no_space);
  no_space->write("a report");
  auto failed = no_space->commit();
  REQUIRE_FALSE(failed);
  CHECK(sonde::describe(failed.error()) == "cannot write report (No space left on device): " + full);

  fs::create_directories(dir.path / "real");
  std::ofstream(dir / "real/traffic.har") << "old";
  fs::create_symlink("real/traffic.har", dir.path / "link.har");
  auto linked = sonde::AtomicFileWriter::open(dir / "link.har");
  REQUIRE(linked);
  linked->write("new");
  REQUIRE(linked->commit());
  CHECK(fs::is_symlink(dir.path / "link.har"));
  CHECK(slurp(dir / "real/traffic.har") == "new");
}

TEST_CASE("a streamed report into a FIFO waits for commit, so no reader blocks the writer", "[atomic-file]") {
  TempDir dir("write-streamed-fifo");
  const std::string fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto writer = sonde::AtomicFileWriter::open(fifo);
  REQUIRE(writer);
  // No reader yet: a writer that opened the FIFO on its first large write would block here.
  for (int i = 0; i < 4; ++i) writer->write(std::string(100'000, 'f'));
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });
  auto committed = writer->commit();
  reader.join();
  CHECK(committed);
  CHECK(got == std::string(400'000, 'f'));
}
