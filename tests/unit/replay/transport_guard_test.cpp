// What a request source hands to libcurl beyond its headers passes the same guards: values that
// libcurl turns into header fields, files libcurl opens, and the cookie jar libcurl writes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "core/replay/http_sender.hpp"

using namespace sonde::replay;
namespace fs = std::filesystem;

namespace {

Request plain() {
  Request r;
  r.url = "http://127.0.0.1:9/x";
  r.origin = "--curl";
  return r;
}

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("sonde-transport-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

TEST_CASE("transport guard: CR or LF in a value libcurl sends as a header is refused", "[replay][security]") {
  auto r = plain();
  CHECK(check_fields(r, sonde::ErrorKind::invalid_input));
  r.transport.user_agent = "ua\r\nX-Injected: 1";
  auto refused = check_fields(r, sonde::ErrorKind::invalid_input);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("User-Agent"));
  r = plain();
  r.transport.credentials = "token\nX-Injected: 1";  // a bearer token or Digest user
  refused = check_fields(r, sonde::ErrorKind::invalid_input);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, !Catch::Contains("token"));  // the credential is not echoed
  for (auto field : {&Transport::referer, &Transport::cookie, &Transport::range}) {
    r = plain();
    r.transport.*field = std::string("a\rb");
    CHECK_FALSE(check_fields(r, sonde::ErrorKind::invalid_input));
  }
}

TEST_CASE("transport guard: a FIFO or a directory as a file libcurl opens is refused", "[replay][security]") {
  Scratch s;
  const auto fifo = s.dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (auto field : {&Transport::ca_file, &Transport::client_cert, &Transport::client_key}) {
    auto r = plain();
    r.transport.*field = fifo.string();
    auto refused = check_fields(r, sonde::ErrorKind::invalid_input);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("not a regular file"));
  }
  auto r = plain();
  r.transport.cookie_files = {s.dir.string()};
  CHECK_FALSE(check_fields(r, sonde::ErrorKind::invalid_input));
  r.transport.cookie_files = {(s.dir / "missing.txt").string()};  // absent: curl ignores it, so do we
  CHECK(check_fields(r, sonde::ErrorKind::invalid_input));
}

TEST_CASE("transport guard: the cookie jar is a regular file or new, never a link or device", "[replay][security]") {
  Scratch s;
  auto r = plain();
  r.transport.cookie_jar = (s.dir / "new-jar.txt").string();
  CHECK(check_fields(r, sonde::ErrorKind::invalid_input));
  std::ofstream(s.dir / "jar.txt") << "# Netscape HTTP Cookie File\n";
  r.transport.cookie_jar = (s.dir / "jar.txt").string();
  CHECK(check_fields(r, sonde::ErrorKind::invalid_input));
  fs::create_symlink(s.dir / "jar.txt", s.dir / "link.txt");
  r.transport.cookie_jar = (s.dir / "link.txt").string();
  CHECK_FALSE(check_fields(r, sonde::ErrorKind::invalid_input));
  r.transport.cookie_jar = "/dev/null";
  CHECK_FALSE(check_fields(r, sonde::ErrorKind::invalid_input));
}
