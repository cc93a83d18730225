#include <catch2/catch.hpp>

#include "cli/app.hpp"
#include "docs_coverage.hpp"

using sonde::test::load_docs;
using sonde::test::undocumented;

TEST_CASE("every subcommand and long option is in the man pages and every completion file", "[docs]") {
  auto sonde = sonde::cli::build_app();
  auto missing = undocumented(*sonde->app, load_docs(SONDE_SOURCE_DIR));
  std::string report;
  for (const auto& line : missing) report += line + "\n";
  INFO(report);
  CHECK(missing.empty());
}

TEST_CASE("the docs check notices an option that the docs lack", "[docs]") {
  auto sonde = sonde::cli::build_app();
  auto docs = load_docs(SONDE_SOURCE_DIR);
  // Take one real option of one subcommand out of its man page and of one completion file.
  const CLI::App* diff = sonde->app->get_subcommand("diff");
  docs.man_pages["sonde-diff"] = ".TH SONDE-DIFF 1\n";
  docs.completions["sonde.fish"] = "complete -c sonde -n __fish_use_subcommand -a 'dns time replay check'\n";
  auto missing = undocumented(*sonde->app, docs);
  auto has = [&](const std::string& line) { return std::find(missing.begin(), missing.end(), line) != missing.end(); };
  CHECK(has("man/sonde-diff.1 lacks --format"));
  CHECK(has("completions/sonde.fish lacks subcommand diff"));
  CHECK(has("completions/sonde.fish lacks diff --format"));
  CHECK(diff != nullptr);
}
