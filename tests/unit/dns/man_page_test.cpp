#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cli/app.hpp"

// Every long option of `sonde dns` must be documented in man/sonde-dns.1 (as \-\-name).
TEST_CASE("sonde-dns(1) documents every long option of the dns subcommand", "[dns][docs]") {
  std::ifstream in(std::string(SONDE_SOURCE_DIR) + "/man/sonde-dns.1");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto app = sonde::cli::build_app();
  const CLI::App* dns = app->app->get_subcommand("dns");
  REQUIRE(dns != nullptr);
  int checked = 0;
  for (const CLI::Option* option : dns->get_options()) {
    for (const std::string& name : option->get_lnames()) {
      std::string escaped = "\\-\\-";
      for (char c : name) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
      INFO("missing from the man page: --" << name);
      CHECK(text.str().find(escaped) != std::string::npos);
      ++checked;
    }
  }
  CHECK(checked >= 10);
}
