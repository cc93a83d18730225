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
  out += indent + level_tag(s, c.level) + "  " + c.detail + "  " + s.dim("[" + c.id + "]") + "\n";
  if (ctx.verbose) out += indent + "         " + s.dim(c.source) + "\n";
}

std::string component_name(const std::string& component) {
  return component.empty() ? "(inline)" : component.substr(component.rfind('/') + 1);
}

}  // namespace

std::string render_diff_text(const DiffRenderContext& ctx) {
  const auto& r = ctx.report;
  const Style& s = ctx.style;
  std::string out;
  if (r.changes.empty()) {
    return "No changes between " + r.base_path + " and " + r.revision_path + ".\n";
  }
  // Operation groups in path order; within a group, the report's order (level, then rule).
  std::map<std::pair<std::string, std::string>, std::vector<const diff::Change*>> by_op;
  std::map<std::string, std::vector<const diff::Change*>> shared;
  std::map<std::string, std::vector<std::string>> shared_ops;
  for (const auto& c : r.changes) {
    if (!c.operation.empty()) {
      auto space = c.operation.find(' ');
      by_op[{c.operation.substr(space + 1), c.operation.substr(0, space)}].push_back(&c);
    } else {
      auto name = component_name(c.component);
      shared[name].push_back(&c);
      auto& ops = shared_ops[name];
      ops.insert(ops.end(), c.operations.begin(), c.operations.end());
    }
  }
  for (const auto& [key, changes] : by_op) {
    out += s.bold(key.second + " " + key.first) + "\n";
    for (const auto* c : changes) line(out, ctx, *c, "  ");
    out += "\n";
  }
  for (auto& [name, changes] : shared) {
    auto& ops = shared_ops[name];
    std::sort(ops.begin(), ops.end());
    ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
    out += s.bold("Shared schema " + name) + s.dim(" — used by " + plural(static_cast<int>(ops.size()), "operation") + ":");
    for (std::size_t i = 0; i < ops.size() && i < 4; ++i) out += s.dim((i ? ", " : " ") + ops[i]);
    if (ops.size() > 4) out += s.dim(", +" + std::to_string(ops.size() - 4) + " more");
    out += "\n";
    for (const auto* c : changes) line(out, ctx, *c, "  ");
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
