// sonde diff BASE REVISION: breaking changes between two versions of an OpenAPI description.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/command.hpp"
#include "cli/json_text.hpp"
#include "cli/output_options.hpp"
#include "cli/render_diff.hpp"
#include "core/diff/engine.hpp"

namespace sonde::cli {

namespace {

struct DiffArgs {
  std::string base;
  std::string revision;
  OutputOptions output;
  std::string fail_on = "error";
  std::vector<std::string> severity;
  std::string ignore;
  std::string match_path;
  bool list_rules = false;
  bool lenient = false;
  bool allow_remote_refs = false;
  bool allow_outside_refs = false;
  int deprecation_days_beta = 0;
  int deprecation_days_stable = 0;
  bool require_version_bump = false;
  bool composed = false;
  std::vector<std::string> traffic;
  std::string traffic_demote;

  /// The core's options; fails on a malformed --severity.
  Result<diff::Options> to_options() const {
    diff::Options o;
    for (const auto& s : severity) {
      auto eq = s.find('=');
      diff::Level level{};
      if (eq == std::string::npos || !diff::parse_level(s.substr(eq + 1), level)) {
        return fail(ErrorKind::usage, "--severity wants ID=LEVEL with LEVEL error, warning or info", s);
      }
      o.severity[s.substr(0, eq)] = level;
    }
    o.ignore_file = ignore;
    o.match_path = match_path;
    o.lenient = lenient;
    o.allow_remote_refs = allow_remote_refs;
    o.allow_outside_refs = allow_outside_refs;
    o.deprecation_days_beta = deprecation_days_beta;
    o.deprecation_days_stable = deprecation_days_stable;
    o.require_version_bump = require_version_bump;
    o.traffic = traffic;
    if (!traffic_demote.empty()) {
      diff::Level level{};
      if ((traffic_demote != "warning" && traffic_demote != "info") || !diff::parse_level(traffic_demote, level)) {
        return fail(ErrorKind::usage, "--traffic-demote takes warning or info, not \"" + traffic_demote + "\"");
      }
      if (traffic.empty()) return fail(ErrorKind::usage, "--traffic-demote needs --traffic FILE.har");
      o.traffic_demote = level;
    }
    return o;
  }

  std::optional<diff::Level> fail_level() const {
    diff::Level level{};
    if (diff::parse_level(fail_on, level)) return level;
    return std::nullopt;
  }
};

int list_rules(Context& ctx, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : diff::rule_registry()) {
      out.push_back({{"id", r.id}, {"level", diff::level_name(r.level)}, {"direction", diff::direction_name(r.direction)},
                     {"summary", r.summary}});
    }
    ctx.out << json_text(out) << "\n";
    return 0;
  }
  for (const auto& r : diff::rule_registry()) {
    std::string id(r.id);
    id.resize(std::max<std::size_t>(id.size() + 1, 46), ' ');
    std::string level(diff::level_name(r.level));
    level.resize(8, ' ');
    std::string direction(diff::direction_name(r.direction));
    direction.resize(9, ' ');
    ctx.out << id << level << direction << r.summary << "\n";
  }
  return 0;
}

}  // namespace

Runner setup_diff(CLI::App& sub) {
  auto args = std::make_shared<DiffArgs>();
  sub.add_option("BASE", args->base, "The description clients use today (YAML or JSON; REV:path reads it from a git revision)")->type_name("");
  sub.add_option("REVISION", args->revision, "The new version of the description (a file or REV:path)")->type_name("");
  std::vector<std::string> formats;
  for (const auto& f : diff_formats()) formats.emplace_back(f.name);
  add_output_options(sub, args->output, formats, true);
  sub.add_option("--fail-on", args->fail_on, "Exit 1 when a change at or above LEVEL is found: error|warning|info|never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->default_str("error")
      ->type_name("LEVEL");
  sub.add_option("--severity", args->severity, "Override a rule's level, e.g. operation-id-changed=error (repeatable)")
      ->allow_extra_args(false)
      ->type_name("ID=LEVEL");
  sub.add_option("--ignore", args->ignore, "Waive known changes listed in FILE (rule id, operation, reason)")
      ->type_name("FILE");
  sub.add_option("--match-path", args->match_path, "Only report operations whose path matches REGEX")
      ->type_name("REGEX");
  sub.add_option("--deprecation-days-beta", args->deprecation_days_beta,
                 "A newly deprecated beta operation needs an x-sunset at least DAYS away")
      ->check(CLI::Range(0, 36500).description(""))
      ->type_name("DAYS");
  sub.add_option("--deprecation-days-stable", args->deprecation_days_stable,
                 "The same for stable operations (no x-stability-level is stable)")
      ->check(CLI::Range(0, 36500).description(""))
      ->type_name("DAYS");
  sub.add_flag("--composed", args->composed,
               "BASE and REVISION are file patterns ('specs/**/*.yaml'): every description they match is one side");
  sub.add_flag("--require-version-bump", args->require_version_bump,
               "Breaking changes need a new info.version major (api-version-not-bumped)");
  sub.add_option("--traffic", args->traffic,
                 "Count, for each change, the exchanges of this HAR file that touch it (repeatable)")
      ->type_name("FILE.har");
  sub.add_option("--traffic-demote", args->traffic_demote,
                 "With --traffic: lower the changes no recorded exchange touches to this level")
      ->type_name("warning|info");
  sub.add_flag("--list-rules", args->list_rules, "Print every rule (id, level, direction, summary) and exit");
  sub.add_flag("--lenient", args->lenient, "Report unresolved $refs on stderr and diff what can be diffed");
  sub.add_flag("--allow-remote-refs", args->allow_remote_refs, "Fetch $refs that point to http(s) URLs (never fetched otherwise)");
  sub.add_flag("--allow-outside-refs", args->allow_outside_refs,
               "Follow local $refs that leave the description's folder (absolute paths, ../)");
  sub.footer(
      "Examples:\n"
      "  sonde diff specs/shop-v1.yaml specs/shop-v2.yaml\n"
      "  sonde diff --format github old.yaml new.yaml            # annotations in a pull request\n"
      "  sonde diff HEAD~1:api/openapi.yaml api/openapi.yaml      # against the last commit\n"
      "  sonde diff --fail-on warning --ignore waivers.yaml a.json b.json\n"
      "  sonde diff --deprecation-days-stable 180 --require-version-bump v1.yaml v2.yaml\n"
      "  sonde diff --composed 'old/specs/**/*.yaml' 'specs/**/*.yaml'\n"
      "  sonde diff v1.yaml v2.yaml --traffic prod.har --traffic-demote warning   # what recorded clients feel\n"
      "  sonde diff --format markdown v1.yaml v2.yaml > CHANGELOG-api.md\n"
      "  sonde diff --list-rules");
  return [args](Context& ctx) -> Result<int> {
    if (args->list_rules) return list_rules(ctx, args->output.format);
    if (args->base.empty() || args->revision.empty()) {
      return fail(ErrorKind::usage, "sonde diff needs BASE and REVISION", {}, "see 'sonde diff --help'");
    }
    auto options = args->to_options();
    if (!options) return std::unexpected(options.error());
    auto report = args->composed ? diff::run_composed(args->base, args->revision, *options)
                                 : diff::run(args->base, args->revision, *options);
    if (!report) return std::unexpected(report.error());
    DiffRenderContext render{*report, args->fail_level(), ctx.out_style, ctx.global.verbose > 0};
    for (const auto& f : diff_formats())
      if (f.name == args->output.format) ctx.out << f.render(render);
    if (!ctx.global.quiet) {
      for (const auto& note : report->notes) ctx.err << ctx.err_style.yellow("note: ") << note << "\n";
      if (report->ignored > 0)
        ctx.err << ctx.err_style.dim("note: ") << report->ignored << " change(s) waived by " << args->ignore << "\n";
    }
    if (ctx.global.verbose > 0) {
      ctx.err << "timing: load " << static_cast<long>(report->load_ms) << " ms, diff "
              << static_cast<long>(report->diff_ms) << " ms, " << report->changes.size() << " changes\n";
    }
    // Rendered only when asked for: 27,000 findings (graph.json -> graph-beta.json) make 65 MB of JSON.
    if (!args->output.report_json.empty() || !args->output.report_junit.empty()) {
      DiffRenderContext plain{*report, args->fail_level(), Style(false), false};
      if (auto written = write_report_files(args->output, render_diff_json(plain), diff_suite(plain)); !written)
        return std::unexpected(written.error());
    }
    return diff::fails(*report, args->fail_level()) ? 1 : 0;
  };
}

}  // namespace sonde::cli
