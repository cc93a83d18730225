#pragma once
// Checks that every subcommand and long option of the real command line appears in the man pages
// and in every shell completion file. Kept apart from the test cases so a test can feed it
// deliberately incomplete docs and see it fail.
#include <map>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace sonde::test {

struct DocSet {
  std::map<std::string, std::string> man_pages;    ///< "sonde" / "sonde-diff" -> roff text
  std::map<std::string, std::string> completions;  ///< file name -> text
};

/// Reads man/*.1 and completions/* from the source tree.
DocSet load_docs(const std::string& source_dir);

/// One line per omission, e.g. "man/sonde-diff.1 lacks --fail-on"; empty when all is documented.
std::vector<std::string> undocumented(const CLI::App& app, const DocSet& docs);

}  // namespace sonde::test
