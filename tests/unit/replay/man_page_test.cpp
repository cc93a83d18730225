#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "cli/app.hpp"

TEST_CASE("every long option of sonde replay is documented in man/sonde-replay.1", "[replay][docs]") {
  std::ifstream in(std::string(SONDE_SOURCE_DIR) + "/man/sonde-replay.1");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string man = text.str();
  auto app = sonde::cli::build_app();
  CLI::App* replay = app->app->get_subcommand("replay");
  int checked = 0;
  for (const CLI::Option* option : replay->get_options()) {
    for (const std::string& name : option->get_lnames()) {
      if (name == "help") continue;
      std::string escaped = "\\-\\-";
      for (char c : name) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
      INFO("option --" << name);
      CHECK(man.find(escaped) != std::string::npos);
      ++checked;
    }
  }
  CHECK(checked > 20);
}
