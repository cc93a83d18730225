// sonde test: run Hurl files unchanged, every response checked against the OpenAPI contract.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <memory>

#include "cli/command.hpp"
#include "cli/json_text.hpp"
#include "cli/output_options.hpp"
#include "cli/render_test.hpp"
#include "cli/test_transfer_flags.hpp"
#include "core/check/exchange.hpp"
#include "core/check/request_check.hpp"
#include "core/flow/entry_options.hpp"
#include "core/flow/suite.hpp"
#include "core/flow/variables.hpp"
#include "core/net/libcurl_preload.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/duration.hpp"
#include "core/util/report_dir.hpp"

extern char** environ;

namespace sonde::cli {

namespace {

struct TestArgs {
  OutputOptions output;
  std::vector<std::string> inputs, variables, secrets, require_status, merge_reports;
  std::string variables_file, spec, glob, shard, retry_interval = "1s", max_time = "30s", cacert, min_coverage;
  std::string cert, key, pinned_public_key, file_root;
  std::string report_tap, report_html;
  TransferFlags transfer;
  int jobs = 1, retry = 0, repeat = 1;
  bool fail_fast = false, continue_on_error = false, location = false, location_trusted = false, insecure = false;
};

Result<std::pair<std::string, std::string>> name_value(const std::string& text, const char* option) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return fail(ErrorKind::usage, std::string(option) + " needs NAME=VALUE", text);
  }
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

// Environment variables HURL_name and SONDE_VAR_name become variables (lowest precedence).
void environment_variables(flow::RunOptions& run) {
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    for (std::string prefix : {"HURL_VARIABLE_", "HURL_", "SONDE_VAR_"}) {
      if (!entry.starts_with(prefix)) continue;
      auto eq = entry.find('=');
      if (eq == std::string::npos || eq <= prefix.size()) break;
      run.variables.emplace_back(entry.substr(prefix.size(), eq - prefix.size()), flow::typed_variable(entry.substr(eq + 1)));
      break;
    }
  }
}

Result<void> file_variables(const std::string& path, flow::RunOptions& run) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  std::size_t line_no = 0, start = 0;
  while (start < text->size()) {
    auto end = text->find('\n', start);
    std::string line = text->substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text->size() : end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail(ErrorKind::invalid_input, "expected NAME=VALUE", path + ":" + std::to_string(line_no));
    }
    run.variables.emplace_back(line.substr(0, eq), flow::typed_variable(line.substr(eq + 1)));
  }
  return {};
}

Result<flow::RunOptions> to_run_options(const TestArgs& a, Context& ctx) {
  flow::RunOptions run;
  environment_variables(run);
  if (!a.variables_file.empty()) {
    if (auto ok = file_variables(a.variables_file, run); !ok) return std::unexpected(ok.error());
  }
  for (const auto& v : a.variables) {
    auto nv = name_value(v, "--variable");
    if (!nv) return std::unexpected(nv.error());
    run.variables.emplace_back(nv->first, flow::typed_variable(nv->second));
  }
  for (const auto& s : a.secrets) {
    auto nv = name_value(s, "--secret");
    if (!nv) return std::unexpected(nv.error());
    run.secrets.push_back(*nv);
  }
  if (a.retry < 0 || a.repeat < 1 || a.jobs < 1) return fail(ErrorKind::usage, "--retry must be >= 0, --repeat and --jobs >= 1");
  run.retry = a.retry;
  auto interval = parse_duration(a.retry_interval, "--retry-interval", true);
  if (!interval) return std::unexpected(interval.error());
  run.retry_interval = duration_as<std::chrono::milliseconds>(*interval);
  auto max_time = parse_duration(a.max_time, "--max-time");
  if (!max_time) return std::unexpected(max_time.error());
  run.call.timeout = duration_as<std::chrono::milliseconds>(*max_time);
  run.call.follow_location = a.location || a.location_trusted;
  run.call.location_trusted = a.location_trusted;
  run.call.insecure = a.insecure;
  run.call.cacert = a.cacert;
  flow::set_certificate(run.call, a.cert);
  run.call.key = a.key;
  run.call.pinned_public_key = a.pinned_public_key;
  if (a.transfer.ipv4 && a.transfer.ipv6) return fail(ErrorKind::usage, "choose one of --ipv4 and --ipv6");
  if (a.transfer.http10 + a.transfer.http11 + a.transfer.http2 > 1) {
    return fail(ErrorKind::usage, "choose one of --http1.0, --http1.1 and --http2");
  }
  flow::EntryOptions defaults;
  defaults.call = run.call;
  auto transfer = flow::read_command_line_options(given_options(a.transfer), defaults);
  if (!transfer) return std::unexpected(transfer.error());
  run.call = transfer->call;
  run.delay = transfer->delay;
  for (const auto& h : a.transfer.headers) {
    auto colon = h.find(':');
    std::string name = colon == std::string::npos ? "" : h.substr(0, colon);
    if (name.empty() || name.find_first_of(" \t") != std::string::npos) {
      return fail(ErrorKind::usage, "--header needs 'NAME: VALUE'", h);
    }
    const auto value_at = h.find_first_not_of(" \t", colon + 1);
    run.headers.emplace_back(name, value_at == std::string::npos ? "" : h.substr(value_at));
  }
  if (!a.file_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(a.file_root, ec)) return fail(ErrorKind::usage, "--file-root wants a folder", a.file_root);
    run.file_root = a.file_root;
  }
  run.continue_on_error = a.continue_on_error;
  run.repeat = a.repeat;
  run.show_secrets = ctx.global.show_secrets;
  run.record_exchanges = !a.report_html.empty();
  run.curl_for_passing = a.output.format == "json" || !a.output.report_json.empty();
  run.keep_passing_asserts = run.curl_for_passing;  // JSON lists every assert; the other reports only failures
  return run;
}

Result<int> merge(const TestArgs& a, Context& ctx) {
  std::vector<std::pair<std::string, std::string>> docs;
  for (const auto& path : a.merge_reports) {
    auto text = read_file(path);
    if (!text) return std::unexpected(text.error());
    docs.emplace_back(path, std::move(*text));
  }
  auto merged = report::merge_junit(docs);
  if (!merged) return std::unexpected(merged.error());
  if (!a.output.report_junit.empty()) {
    if (auto ok = write_file_atomically(a.output.report_junit, *merged); !ok) return std::unexpected(ok.error());
  } else {
    ctx.out << *merged;
  }
  return 0;
}

// The run's start in UTC, to the second: the one time stamp of the HTML report.
std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<void> write_html(const std::string& dir, const std::vector<report::Suite>& suites, const std::string& started,
                        std::optional<report::CoverageTable> coverage) {
  std::vector<std::pair<std::string, std::string>> files;
  for (auto& page : report::to_html(suites, {"sonde test", started, std::move(coverage)})) {
    files.emplace_back(std::move(page.file_name), std::move(page.html));
  }
  return write_report_dir(dir, files);
}

Result<int> run_test(const TestArgs& a, Context& ctx) {
  if (!a.merge_reports.empty()) {
    if (!a.inputs.empty()) return fail(ErrorKind::usage, "--merge-reports runs nothing: give no test file with it", a.inputs.front());
    if (!a.report_html.empty()) return fail(ErrorKind::usage, "--merge-reports merges JUnit reports only: --report-html needs a run");
    return merge(a, ctx);
  }
  if (a.inputs.empty()) return fail(ErrorKind::usage, "no test file given", {}, "e.g. sonde test flows/*.hurl");
  if ((!a.min_coverage.empty() || !a.require_status.empty()) && a.spec.empty()) {
    return fail(ErrorKind::usage, "--min-coverage and --require-status need --spec");
  }
  // libcurl loads while the files (and the description) are read.
  const net::LibcurlPreload preload;
  flow::CoverageGate gate;
  if (!a.min_coverage.empty()) {
    if (auto ok = flow::parse_min_coverage(a.min_coverage, gate); !ok) return std::unexpected(ok.error());
  }
  for (const auto& r : a.require_status) {
    if (auto ok = flow::parse_require_status(r, gate); !ok) return std::unexpected(ok.error());
  }
  flow::SuiteOptions suite;
  suite.inputs = a.inputs;
  suite.glob = a.glob;
  suite.jobs = a.jobs;
  suite.fail_fast = a.fail_fast;
  if (!a.shard.empty()) {
    auto shard = flow::parse_shard(a.shard);
    if (!shard) return std::unexpected(shard.error());
    std::tie(suite.shard_index, suite.shard_count) = *shard;
  }
  auto run = to_run_options(a, ctx);
  if (!run) return std::unexpected(run.error());
  auto paths = flow::select_files(suite);
  if (!paths) return std::unexpected(paths.error());
  std::map<std::string, std::string> http_variables;
  for (const auto& [name, value] : run->variables) http_variables[name] = value.as_template_text();
  for (const auto& [name, value] : run->secrets) http_variables[name] = value;
  auto files = flow::parse_files(*paths, http_variables);
  if (!files) return std::unexpected(files.error());
  if (!ctx.global.quiet) {
    for (const auto& f : *files) {
      for (const auto& note : f.notes) ctx.err << ctx.err_style.yellow("note: ") << note << "\n";
    }
  }

  std::optional<openapi::Document> doc;
  std::unique_ptr<check::ContractChecker> checker;
  std::unique_ptr<check::RequestContract> request_contract;
  if (!a.spec.empty()) {
    auto loaded = openapi::load(a.spec);
    if (!loaded) return std::unexpected(loaded.error());
    doc = std::move(*loaded);
    auto created = check::ContractChecker::create(*doc);
    if (!created) return std::unexpected(created.error());
    checker = std::move(*created);
    run->checker = checker.get();
    auto requests = check::RequestContract::create(*doc, checker->index());
    if (!requests) return std::unexpected(requests.error());
    request_contract = std::move(*requests);
    run->requests = request_contract.get();
  }
  TestReport report;
  const std::string started = utc_now();
  report.files = flow::run_suite(*files, suite, *run);
  if (doc) {
    auto view = openapi::build_view(*doc);
    if (!view) return std::unexpected(view.error());
    report.coverage = flow::compute_coverage(*view, report.files);
    report.gate_failures = flow::gate_failures(*report.coverage, gate);
  }
  const bool want_json = a.output.format == "json" || !a.output.report_json.empty();
  const std::string json = want_json ? json_text(test_json(report)) + "\n" : std::string();
  ctx.out << (a.output.format == "json" ? json : test_text(report, ctx.out_style, ctx.global.verbose));
  // The report suites only feed the JUnit, TAP and HTML files: no cost when none is asked for.
  const bool want_suites = !a.output.report_junit.empty() || !a.report_tap.empty() || !a.report_html.empty();
  const auto suites = want_suites ? test_suites(report) : std::vector<report::Suite>{};
  if (!a.output.report_junit.empty()) {
    if (auto ok = write_file_atomically(a.output.report_junit, report::to_junit(suites)); !ok) return std::unexpected(ok.error());
  }
  if (!a.output.report_json.empty()) {
    if (auto ok = write_file_atomically(a.output.report_json, json); !ok) return std::unexpected(ok.error());
  }
  if (!a.report_tap.empty()) {
    if (auto ok = write_file_atomically(a.report_tap, report::to_tap(suites)); !ok) return std::unexpected(ok.error());
  }
  if (!a.report_html.empty()) {
    if (auto ok = write_html(a.report_html, suites, started, coverage_table(report)); !ok) return std::unexpected(ok.error());
  }
  return test_exit_code(report);
}

void add_test_options(CLI::App& sub, TestArgs& a) {
  sub.add_option("FILE", a.inputs, "Hurl files (.http files too), or folders holding .hurl files")->type_name("FILE|DIR");
  sub.add_option("--variable", a.variables, "Define a variable (repeatable)")->type_name("NAME=VALUE")->allow_extra_args(false);
  sub.add_option("--variables-file", a.variables_file, "Variables from a file, one NAME=VALUE per line")->type_name("FILE");
  sub.add_option("--secret", a.secrets, "Define a variable whose value is masked in every output (repeatable)")
      ->type_name("NAME=VALUE")->allow_extra_args(false);
  sub.add_option("--spec", a.spec, "Check every response against this OpenAPI description")->type_name("SPEC");
  sub.add_option("--min-coverage", a.min_coverage, "Fail below this coverage of the description")
      ->type_name("operations=N%,statuses=N%");
  sub.add_option("--require-status", a.require_status, "Fail unless the operation answered each status (repeatable)")
      ->type_name("'METHOD /path=201,422'")->allow_extra_args(false);
  sub.add_option("--jobs", a.jobs, "Files run in parallel (entries of a file stay in order)")->type_name("N")->default_str("1");
  sub.add_option("--shard", a.shard, "Run the I-th of N deterministic slices of the files (CI matrices)")->type_name("I/N");
  sub.add_option("--glob", a.glob, "Only files whose path matches this pattern")->type_name("PATTERN");
  sub.add_option("--retry", a.retry, "Retries of an entry until its asserts pass")->type_name("N")->default_str("0");
  sub.add_option("--retry-interval", a.retry_interval, "Wait between retries")->type_name("DURATION")->default_str("1s");
  sub.add_option("--repeat", a.repeat, "Run each file this many times")->type_name("N")->default_str("1");
  sub.add_flag("--fail-fast", a.fail_fast, "Start no new file after a failure");
  sub.add_flag("--continue-on-error", a.continue_on_error, "Run a file's later entries after a failed one");
  sub.add_flag("-L,--location", a.location, "Follow redirects (credentials stay on the first origin)");
  sub.add_flag("--location-trusted", a.location_trusted, "Follow redirects and send credentials to other origins too");
  sub.add_flag("-k,--insecure", a.insecure, "Do not verify server certificates");
  sub.add_option("--cacert", a.cacert, "CA certificates (PEM) to verify servers with")->type_name("FILE");
  sub.add_option("-E,--cert", a.cert, "Client certificate (PEM) for mutual TLS, with its key's passphrase after ':'")
      ->type_name("FILE[:PASSPHRASE]");
  sub.add_option("--key", a.key, "Private key (PEM) of the client certificate")->type_name("FILE");
  sub.add_option("--pinnedpubkey", a.pinned_public_key, "Refuse servers whose public key is not this one")
      ->type_name("sha256//HASH|FILE");
  sub.add_option("--file-root", a.file_root,
                 "Folder the files a Hurl file names may be in (default: the Hurl file's own folder)")
      ->type_name("DIR");
  sub.add_option("--max-time", a.max_time, "Limit per request, redirects included")->type_name("DURATION")->default_str("30s");
  add_transfer_flags(sub, a.transfer);
  add_output_options(sub, a.output, {"text", "json"}, true);
  sub.add_option("--report-tap", a.report_tap, "Also write a TAP 14 report to FILE (atomically)")->type_name("FILE");
  sub.add_option("--merge-reports", a.merge_reports, "Merge JUnit reports of shards (to stdout or --report-junit)")
      ->type_name("FILE...");
  sub.add_option("--report-html", a.report_html, "Also write an HTML report to DIR: an index and a page per file")
      ->type_name("DIR");
  sub.footer(
      "Examples:\n"
      "  sonde test flows/                                   # every .hurl file below flows/\n"
      "  sonde test --spec api.yaml --variable host=http://127.0.0.1:8080 orders.hurl\n"
      "  sonde test --spec api.yaml --min-coverage operations=80% --require-status 'POST /orders=201,422' flows/\n"
      "  sonde test --jobs 4 --shard 2/4 --report-junit shard2.xml flows/\n"
      "  sonde test --merge-reports shard1.xml shard2.xml --report-junit all.xml\n"
      "  sonde test --spec api.yaml --report-html report/ flows/     # then open report/index.html\n"
      "Exit codes: 0 all passed, 1 an assert, contract or coverage failure, 3 a file that does not parse,\n"
      "4 a network failure that no retry cured.");
}

}  // namespace

Runner setup_test(CLI::App& sub) {
  auto args = std::make_shared<TestArgs>();
  add_test_options(sub, *args);
  return [args](Context& ctx) -> Result<int> { return run_test(*args, ctx); };
}

}  // namespace sonde::cli
