#include <catch2/catch.hpp>
#include <sstream>

#include "cli/progress.hpp"

using sonde::cli::Context;
using sonde::cli::GlobalOptions;
using sonde::cli::Progress;
using sonde::cli::Style;

TEST_CASE("progress goes to stderr only on a terminal and never with --quiet", "[progress]") {
  GlobalOptions global;
  std::ostringstream out, err;
  SECTION("terminal: drawn, then erased") {
    Context ctx{global, out, err, Style(false), Style(false), true};
    {
      Progress progress(ctx, 20);
      progress.update(3, "GET /health");
      CHECK(err.str() == "\r\x1b[K[3/20] GET /health");
    }
    CHECK(err.str().ends_with("\r\x1b[K"));  // erased by the destructor
  }
  SECTION("not a terminal: nothing at all") {
    Context ctx{global, out, err, Style(false), Style(false), false};
    {
      Progress progress(ctx, 20);
      progress.update(3, "GET /health");
    }
    CHECK(err.str().empty());
  }
  SECTION("--quiet: nothing at all") {
    global.quiet = true;
    Context ctx{global, out, err, Style(false), Style(false), true};
    {
      Progress progress(ctx, 0);
      progress.update(1, "x");
    }
    CHECK(err.str().empty());
  }
  CHECK(out.str().empty());  // stdout carries results only
}
