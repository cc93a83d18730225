// --format text: changes grouped by operation, shared-component changes once with the operations
// they affect, coloured by level.
#include <algorithm>
#include <map>

#include "cli/render_diff.hpp"

namespace sonde::cli {

namespace {

std::string level_tag(const Style& s, diff::Level level) {
  switch (level) {
    case diff::Level::error: return s.red(s.bold("error  "));
    case diff::Level::warning: return s.yellow("warning");
    case diff::Level::info: return s.cyan("info   ");
  }
  return "";
}

std::string plural(int n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

void line(std::string& out, const DiffRenderContext& ctx, const diff::Change& c, const std::string& indent) {
  const Style& s = ctx.style;
  std::string hits = !c.hits ? "" : "  " + s.bold(std::to_string(*c.hits) + (*c.hits == 1 ? " hit" : " hits"));
  out += indent + level_tag(s, c.level) + "  " + c.detail + "  " + s.dim("[" + c.id + "]") + hits + "\n";
  if (ctx.verbose) out += indent + "         " + s.dim(c.source) + "\n";
}

std::string component_name(const std::string& component) {
  return component.empty() ? "(inline)" : component.substr(component.rfind('/') + 1);
}

}  // namespace

namespace {

// One block of output: an operation, or a shared component with the operations it affects.
struct Group {
  std::string title;
  std::string path;  ///< sort key within a level
  bool shared = false;
  diff::Level top = diff::Level::info;
  std::vector<const diff::Change*> changes;
  std::vector<std::string> operations;
  std::size_t hits = 0;  ///< --traffic: the most any of its changes has
};

std::vector<Group> group(const diff::Report& r) {
  std::map<std::string, Group> groups;
  for (const auto& c : r.changes) {
    bool shared = c.operation.empty();
    std::string key = shared ? "\x7f" + component_name(c.component) : c.operation;
    Group& g = groups[key];
    if (g.changes.empty()) {
      g.shared = shared;
      g.top = c.level;
      auto space = c.operation.find(' ');
      g.title = shared ? component_name(c.component) : c.operation;
      g.path = shared ? g.title : c.operation.substr(space + 1) + " " + c.operation.substr(0, space);
    }
    g.top = std::max(g.top, c.level);
    g.hits = std::max(g.hits, c.hits.value_or(0));
    g.changes.push_back(&c);
    g.operations.insert(g.operations.end(), c.operations.begin(), c.operations.end());
  }
  std::vector<Group> out;
  for (auto& [key, g] : groups) {
    std::sort(g.operations.begin(), g.operations.end());
    g.operations.erase(std::unique(g.operations.begin(), g.operations.end()), g.operations.end());
    out.push_back(std::move(g));
  }
  // Breaking first, so a CI log shows what fails the build before the changelog; with --traffic,
  // then what recorded clients hit most.
  for (auto& g : out) {
    std::stable_sort(g.changes.begin(), g.changes.end(), [](const diff::Change* x, const diff::Change* y) {
      if (x->level != y->level) return x->level > y->level;
      return x->hits.value_or(0) > y->hits.value_or(0);
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const Group& x, const Group& y) {
    if (x.top != y.top) return x.top > y.top;
    if (x.hits != y.hits) return x.hits > y.hits;
    if (x.shared != y.shared) return !x.shared;
    return x.path < y.path;
  });
  return out;
}

}  // namespace

std::string render_diff_text(const DiffRenderContext& ctx) {
  const auto& r = ctx.report;
  const Style& s = ctx.style;
  if (r.changes.empty()) return "No changes between " + r.base_path + " and " + r.revision_path + ".\n";
  std::string out;
  for (const auto& g : group(r)) {
    if (!g.shared) {
      out += s.bold(g.title) + "\n";
    } else {
      out += s.bold("Shared schema " + g.title) +
             s.dim(" — used by " + plural(static_cast<int>(g.operations.size()), "operation") + ":");
      for (std::size_t i = 0; i < g.operations.size() && i < 4; ++i) out += s.dim((i ? ", " : " ") + g.operations[i]);
      if (g.operations.size() > 4) out += s.dim(", +" + std::to_string(g.operations.size() - 4) + " more");
      out += "\n";
    }
    for (const auto* c : g.changes) line(out, ctx, *c, "  ");
    out += "\n";
  }
  std::string summary = plural(r.counts[2], "error") + ", " + plural(r.counts[1], "warning") + ", " +
                        std::to_string(r.counts[0]) + " info";
  bool failing = diff::fails(r, ctx.fail_on);
  out += s.bold(summary) + " — " +
         (failing ? s.red("breaking (--fail-on " + fail_on_name(ctx.fail_on) + ")")
                  : s.green("passes --fail-on " + fail_on_name(ctx.fail_on))) +
         "\n";
  return out;
}

}  // namespace sonde::cli
