#include "docs_coverage.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sonde::test {

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// roff writes a literal hyphen as "\-".
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// Completion files spell an option "--fail-on" (bash, zsh) or "-l fail-on" (fish); `token` is
// "-fail-on" for an option, or a bare subcommand name.
bool mentions(const std::string& text, const std::string& token) {
  if (text.find(token) != std::string::npos) return true;
  return token.size() > 1 && token[0] == '-' && text.find("-l " + token.substr(1)) != std::string::npos;
}

std::vector<std::string> documented_options(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    for (const auto& name : opt->get_lnames()) {
      if (name == "help" || name == "help-all") continue;
      names.push_back(name);
    }
  }
  return names;
}

void check_completions(const DocSet& docs, const std::string& token, const std::string& what,
                       std::vector<std::string>& missing) {
  for (const auto& [file, text] : docs.completions) {
    if (!mentions(text, token)) missing.push_back("completions/" + file + " lacks " + what);
  }
}

}  // namespace

DocSet load_docs(const std::string& source_dir) {
  DocSet docs;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/man")) {
    if (entry.path().extension() == ".1") docs.man_pages[entry.path().stem().string()] = slurp(entry.path());
  }
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/completions")) {
    docs.completions[entry.path().filename().string()] = slurp(entry.path());
  }
  return docs;
}

std::vector<std::string> undocumented(const CLI::App& app, const DocSet& docs) {
  std::vector<std::string> missing;
  const std::string main_page = docs.man_pages.count("sonde") ? docs.man_pages.at("sonde") : "";
  if (main_page.empty()) missing.push_back("man/sonde.1 is missing");
  for (const auto& name : documented_options(app)) {
    if (main_page.find("\\-\\-" + roff(name)) == std::string::npos) missing.push_back("man/sonde.1 lacks --" + name);
    check_completions(docs, "-" + name, "--" + name, missing);
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    const std::string& sub_name = sub->get_name();
    const std::string page_name = "sonde-" + sub_name;
    if (main_page.find(".B " + sub_name) == std::string::npos) missing.push_back("man/sonde.1 lacks subcommand " + sub_name);
    check_completions(docs, sub_name, "subcommand " + sub_name, missing);
    auto page = docs.man_pages.find(page_name);
    if (page == docs.man_pages.end()) {
      missing.push_back("man/" + page_name + ".1 is missing");
      continue;
    }
    for (const auto& name : documented_options(*sub)) {
      if (page->second.find("\\-\\-" + roff(name)) == std::string::npos) {
        missing.push_back("man/" + page_name + ".1 lacks --" + name);
      }
      check_completions(docs, "-" + name, sub_name + " --" + name, missing);
    }
  }
  return missing;
}

}  // namespace sonde::test
