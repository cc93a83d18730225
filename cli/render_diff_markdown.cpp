// --format markdown: a changelog for release notes, breaking changes first.
#include "cli/render_diff.hpp"

namespace sonde::cli {

namespace {

std::string code(const std::string& s) { return "`" + s + "`"; }

}  // namespace

std::string render_diff_markdown(const DiffRenderContext& ctx) {
  const auto& r = ctx.report;
  std::string out = "# API changes: " + code(r.base_path) + " → " + code(r.revision_path) + "\n\n";
  if (r.changes.empty()) return out + "No changes.\n";
  out += std::to_string(r.counts[2]) + " breaking, " + std::to_string(r.counts[1]) + " possibly breaking, " +
         std::to_string(r.counts[0]) + " other changes.\n";
  struct Section {
    diff::Level level;
    const char* title;
  };
  for (auto [level, title] : {Section{diff::Level::error, "Breaking changes"},
                              Section{diff::Level::warning, "Changes that may break some clients"},
                              Section{diff::Level::info, "Other changes"}}) {
    if (r.counts[static_cast<std::size_t>(level)] == 0) continue;
    out += "\n## " + std::string(title) + "\n\n";
    for (const auto& c : r.changes) {
      if (c.level != level) continue;
      std::string who;
      if (!c.operation.empty()) {
        who = code(c.operation);
      } else {
        for (std::size_t i = 0; i < c.operations.size() && i < 3; ++i) who += (i ? ", " : "") + code(c.operations[i]);
        if (c.operations.size() > 3) who += " and " + std::to_string(c.operations.size() - 3) + " more";
      }
      out += "- " + who + ": " + c.detail + " (" + code(c.id) + ")\n";
    }
  }
  return out;
}

}  // namespace sonde::cli
