#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/flow/file_root.hpp"

using namespace sonde;
namespace fs = std::filesystem;

namespace {

// A scratch folder: root/flow.hurl, root/data/a.txt, root/link -> a folder outside, and a sibling
// folder whose name starts with root's.
struct FileRootScratch {
  fs::path base = fs::temp_directory_path() / ("sonde-file-root-" + std::to_string(::getpid()));
  fs::path root = base / "api";
  FileRootScratch() {
    fs::create_directories(root / "data");
    fs::create_directories(base / "api2");
    fs::create_directories(base / "outside");
    std::ofstream(root / "flow.hurl") << "GET http://a.test/\n";
    std::ofstream(root / "data" / "a.txt") << "a";
    std::ofstream(base / "api2" / "b.txt") << "b";
    fs::create_directory_symlink(base / "outside", root / "link");
  }
  ~FileRootScratch() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
};

}  // namespace

TEST_CASE("file root: names inside the Hurl file's folder are read, none lead out", "[flow][files]") {
  FileRootScratch s;
  const std::string hurl = (s.root / "flow.hurl").string();
  CHECK(flow::readable_file("data/a.txt", hurl, "", "f:1:1").has_value());
  CHECK(flow::readable_file("data/../data/a.txt", hurl, "", "f:1:1").has_value());
  CHECK(flow::readable_file((s.root / "data" / "a.txt").string(), hurl, "", "f:1:1").has_value());
  CHECK(flow::readable_file("not-yet.txt", hurl, "", "f:1:1").has_value());  // absent: read fails later

  CHECK_FALSE(flow::readable_file("../api2/b.txt", hurl, "", "f:1:1").has_value());  // a sibling sharing a prefix
  CHECK_FALSE(flow::readable_file("/etc/hostname", hurl, "", "f:1:1").has_value());
  CHECK_FALSE(flow::readable_file("link/x.txt", hurl, "", "f:1:1").has_value());    // a symbolic link out
  auto refused = flow::readable_file("../../x", hurl, "", "flow.hurl:3:1");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().where == "flow.hurl:3:1");
  CHECK_THAT(refused.error().message, Catch::Contains("'../../x' is outside the Hurl file's folder (" + s.root.string() + ")"));
  auto other_root = flow::readable_file("../../x", hurl, s.root.string(), "flow.hurl:3:1");
  REQUIRE_FALSE(other_root.has_value());
  CHECK_THAT(other_root.error().message, Catch::Contains("is outside the --file-root folder (" + s.root.string() + ")"));
  CHECK_THAT(other_root.error().hint, Catch::Contains("--file-root names the folder"));
}

TEST_CASE("file root: a file that cannot be read is named as the Hurl file named it, at its line", "[flow][files]") {
  FileRootScratch s;
  const std::string hurl = (s.root / "flow.hurl").string();
  CHECK(flow::read_named_file("data/a.txt", hurl, "", "flow.hurl:2:1") == std::string("a"));

  auto missing = flow::read_named_file("data/none.txt", hurl, "", "flow.hurl:4:1");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == sonde::ErrorKind::invalid_input);  // exit 3, as before
  CHECK(missing.error().where == "flow.hurl:4:1");
  // The root is not the working folder here: the path it came to is said too.
  CHECK_THAT(missing.error().message, Catch::StartsWith("the file 'data/none.txt' (" + (s.root / "data/none.txt").string() +
                                                        "): cannot read it (No such file or directory)"));

  auto folder = flow::read_named_file("data", hurl, "", "flow.hurl:5:1");
  REQUIRE_FALSE(folder.has_value());
  CHECK_THAT(folder.error().message, Catch::EndsWith("): is a directory, not a file"));
  CHECK(folder.error().where == "flow.hurl:5:1");
}

TEST_CASE("file root: --file-root moves the root; output stays in the working folder or the root", "[flow][files]") {
  FileRootScratch s;
  const std::string hurl = (s.root / "flow.hurl").string();
  const std::string other = (s.base / "api2").string();
  CHECK(flow::readable_file("b.txt", hurl, other, "f:1:1").has_value());
  CHECK_FALSE(flow::readable_file((s.root / "data" / "a.txt").string(), hurl, other, "f:1:1").has_value());

  CHECK(flow::writable_file("out.json", hurl, "", "f:1:1").has_value());  // the working folder
  CHECK(flow::writable_file((s.root / "out.json").string(), hurl, "", "f:1:1").has_value());
  CHECK_FALSE(flow::writable_file("/etc/cron.d/x", hurl, "", "f:1:1").has_value());
  CHECK_FALSE(flow::writable_file((s.root / "link" / "x").string(), hurl, "", "f:1:1").has_value());
}
