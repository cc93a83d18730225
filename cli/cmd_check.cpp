// sonde check: validate live or recorded responses against an OpenAPI description.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <mutex>
#include <set>
#include <memory>
#include <optional>
#include <string_view>

#include "cli/command.hpp"
#include "cli/json_text.hpp"
#include "cli/output_options.hpp"
#include "cli/progress.hpp"
#include "cli/render_check.hpp"
#include "cli/render_generate.hpp"
#include "cli/signal_stopper.hpp"
#include "core/check/body_buffer.hpp"
#include "core/check/exchange.hpp"
#include "core/check/generate/checks.hpp"
#include "core/check/generate/runner.hpp"
#include "core/check/har_check.hpp"
#include "core/check/har_reader.hpp"
#include "core/check/live_request.hpp"
#include "core/check/live_runner.hpp"
#include "core/mock/http_server.hpp"
#include "core/openapi/document.hpp"
#include "core/net/libcurl_preload.hpp"
#include "core/proxy/proxy_server.hpp"
#include "core/proxy/validating_proxy.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/duration.hpp"
#include "core/util/redaction.hpp"
#include "core/util/report_dir.hpp"

namespace sonde::cli {

namespace {

struct CheckArgs {
  OutputOptions output;
  std::string spec;
  std::string har;
  std::string direction = "both";
  std::string proxy;     ///< HOST:PORT to listen on
  std::string upstream;  ///< the service the proxy forwards to
  bool errors = false;   ///< --errors: refuse invalid requests with 422
  bool violations_header = false;  ///< --violations-header: Sonde-Violations: N on every answer
  std::string report_har;  ///< --proxy: the traffic itself
  std::string upstream_timeout;  ///< --proxy: for the upstream's head and held bodies; longest silence mid-body
  std::vector<std::string> operations;
  int status = 0;
  std::string response;
  std::string content_type;
  std::string base_url;
  std::vector<std::string> headers;
  bool include_unsafe = false;
  std::vector<std::string> tags;
  std::string max_time = "30s";  ///< a duration (core/util/duration.hpp)
  double max_time_s = 30;        ///< max_time parsed, in seconds
  bool max_time_given = false;  ///< only an explicit --max-time judges recorded exchanges
  std::size_t max_violations = 100;
  bool allow_outside_refs = false;
  // --generate (issue 14)
  bool generate = false;
  std::vector<std::string> phases;
  std::vector<std::string> checks, exclude_checks;
  bool list_checks = false;
  std::size_t max_examples = 10;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::size_t workers = 1;
  std::size_t max_failures = 0;
  std::string max_response_time;
  double max_response_ms = 0;
  std::string report_cases;
  bool dry_run = false;
  std::string auth_login;

  openapi::LoadOptions to_load_options() const {
    openapi::LoadOptions o;
    o.allow_outside_refs = allow_outside_refs;
    return o;
  }
  check::CheckOptions to_options() const {
    check::CheckOptions o;
    o.validation.max_violations = max_violations;
    if (max_time_given) o.max_time_ms = max_time_s * 1000;
    if (generate && max_response_ms > 0) {
      o.max_time_ms = max_response_ms;
      o.max_time_option = "--max-response-time";
    }
    return o;
  }
  check::LiveOptions to_live_options() const {
    return {base_url, operations, tags, headers, include_unsafe, max_time_s, {}};
  }
};

constexpr const char* k_check_examples = R"(Examples:
  sonde check --spec api.yaml --har session.har
  sonde check --spec api.yaml --har session.har --direction request
  sonde check --spec api.yaml --proxy 127.0.0.1:4010 --upstream https://api.example.com --report-junit proxy.xml
  sonde check --spec api.yaml --proxy 127.0.0.1:4010 --report-har traffic.har   # then: HTTP_PROXY=http://127.0.0.1:4010 npm test
  sonde check --spec api.yaml --operation getPet --status 200 --response pet.json
  sonde check --spec api.yaml --operation "GET /pets/{id}" --status 404 --response err.json --content-type application/problem+json
  sonde check --spec api.yaml --base-url http://127.0.0.1:8080/v1 -H "Authorization: Bearer $TOKEN"
  sonde check --spec api.yaml --base-url http://127.0.0.1:8080 --tag pets --include-unsafe --format junit
  sonde check --spec api.yaml --base-url http://127.0.0.1:8080 --generate --include-unsafe --seed 1 --report-cases failing/
  sonde check --spec api.yaml --base-url http://127.0.0.1:8080 --generate --phases coverage --dry-run
Environment: SONDE_CHECK_HEADERS holds extra live-mode request headers, one "Name: value" per line.)";

Result<void> validate_generate(const CheckArgs& a) {
  bool any = !a.phases.empty() || !a.checks.empty() || !a.exclude_checks.empty() || a.seed_given || a.workers != 1 ||
             a.max_failures || !a.max_response_time.empty() || !a.report_cases.empty() || a.dry_run || a.max_examples != 10 ||
             !a.auth_login.empty();
  if (!a.generate && any) {
    return fail(ErrorKind::usage, "--phases, --checks, --exclude-checks, --seed, --workers, --max-examples, --max-failures, "
                                  "--max-response-time, --report-cases, --auth-login and --dry-run apply to --generate only");
  }
  if (a.generate && a.base_url.empty()) {
    return fail(ErrorKind::usage, "--generate needs --base-url (the server the generated requests go to)");
  }
  return {};
}

Result<void> validate_mode(const CheckArgs& a) {
  if (auto g = validate_generate(a); !g) return g;
  int modes = !a.har.empty() + !a.response.empty() + !a.base_url.empty() + !a.proxy.empty();
  if (modes != 1) {
    return fail(ErrorKind::usage, "choose one of --har FILE, --response FILE, --base-url URL or --proxy HOST:PORT", {},
                "see 'sonde check --help'");
  }
  if (a.proxy.empty() && !a.upstream.empty()) {
    return fail(ErrorKind::usage, "--upstream applies to --proxy only", {},
                "e.g. sonde check --spec api.yaml --proxy 127.0.0.1:4010 --upstream https://api.example.com");
  }
  if ((a.errors || a.violations_header || !a.report_har.empty() || !a.upstream_timeout.empty()) && a.proxy.empty()) {
    return fail(ErrorKind::usage, "--errors, --violations-header, --report-har and --upstream-timeout apply to --proxy only");
  }
  if (!a.response.empty() && (a.operations.size() != 1 || a.status == 0)) {
    return fail(ErrorKind::usage, "--response needs one --operation and --status", {},
                "e.g. sonde check --spec api.yaml --operation getPet --status 200 --response pet.json");
  }
  if (a.base_url.empty() && (a.include_unsafe || !a.tags.empty() || !a.headers.empty())) {
    return fail(ErrorKind::usage, "--include-unsafe, --tag and -H apply to live mode (--base-url) only");
  }
  if (a.response.empty() && (a.status || !a.content_type.empty())) {
    return fail(ErrorKind::usage, "--status and --content-type apply to --response only");
  }
  if (!a.har.empty() && !a.operations.empty()) {
    return fail(ErrorKind::usage, "--operation does not apply to --har (every entry is matched to its operation)");
  }
  if (!check::parse_direction(a.direction)) {
    return fail(ErrorKind::usage, "--direction takes request, response or both, not \"" + a.direction + "\"");
  }
  if (a.har.empty() && a.direction != "both") {
    return fail(ErrorKind::usage, "--direction applies to --har only", {},
                "live mode and --response check responses; sonde test --spec checks what a flow sends");
  }
  return {};
}

Result<check::CheckRun> run_har(const CheckArgs& a, const openapi::Document& doc, check::ContractChecker& checker) {
  const auto direction = check::parse_direction(a.direction);  // validated by validate_mode
  auto exchanges = check::read_har(a.har);
  if (!exchanges) return std::unexpected(exchanges.error());
  std::unique_ptr<check::RequestContract> requests;
  if (*direction != check::TrafficDirection::response) {
    auto contract = check::RequestContract::create(doc, checker.index());
    if (!contract) return std::unexpected(contract.error());
    requests = std::move(*contract);
  }
  return check::check_exchanges(*exchanges, checker, requests.get(), *direction);
}

Result<check::CheckRun> run_response(const CheckArgs& a, check::ContractChecker& checker) {
  const check::Operation* op = checker.index().find(a.operations.front());
  if (!op) {
    return fail(ErrorKind::usage, "no operation \"" + a.operations.front() + "\" in " + a.spec, {},
                "give an operationId or \"METHOD /path/template\"");
  }
  auto body = check::BodyBuffer::read_file(a.response);
  if (!body) return std::unexpected(body.error());
  check::HttpExchange ex;
  ex.method = op->method;
  ex.url = op->path;
  ex.status = a.status;
  ex.body = std::move(*body);
  if (!a.content_type.empty()) ex.headers.emplace_back("Content-Type", a.content_type);
  ex.content_type_known = !a.content_type.empty();
  auto result = checker.check(ex, *op);
  if (!result) return std::unexpected(result.error());
  check::CheckRun run;
  run.results.push_back(std::move(*result));
  return run;
}

// Credentials from the environment stay out of the process list, where -H values are visible.
std::vector<std::string> headers_from_environment() {
  std::vector<std::string> headers;
  const char* env = std::getenv("SONDE_CHECK_HEADERS");
  std::string_view rest(env ? env : "");
  while (!rest.empty()) {
    auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) headers.emplace_back(line);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return headers;
}

Result<std::set<check::generate::Phase>> chosen_phases(const std::vector<std::string>& names) {
  std::set<check::generate::Phase> phases;
  for (const auto& n : names) {
    auto p = check::generate::phase_from(n);
    if (!p) return fail(ErrorKind::usage, "unknown phase \"" + n + "\" in --phases", {}, "choose from examples, coverage, fuzzing, stateful");
    phases.insert(*p);
  }
  if (phases.empty()) phases = {check::generate::Phase::examples, check::generate::Phase::coverage,
                                check::generate::Phase::fuzzing, check::generate::Phase::stateful};
  return phases;
}

Result<int> run_generate(const CheckArgs& a, Context& ctx, const openapi::Document& doc, check::ContractChecker& checker,
                         check::LiveOptions live) {
  check::generate::GenerateOptions o;
  auto phases = chosen_phases(a.phases);
  if (!phases) return std::unexpected(phases.error());
  o.phases = *phases;
  std::vector<std::string> excluded = a.exclude_checks;
  // Without a bound, max-response-time has nothing to judge.
  if (a.max_response_ms <= 0) excluded.push_back(check::generate::check_id::time);
  auto checks = check::generate::choose_checks(a.checks, excluded);
  if (!checks) return std::unexpected(checks.error());
  o.checks = *checks;
  o.live = std::move(live);
  o.seed = a.seed;
  o.max_examples = a.max_examples;
  o.workers = a.workers;
  o.max_failures = a.max_failures;
  o.max_response_ms = a.max_response_ms;
  o.dry_run = a.dry_run;
  o.redactor = Redactor({}, ctx.global.show_secrets);
  o.spec_path = a.spec;
  if (!a.auth_login.empty()) {
    for (const auto& h : o.live.headers) {
      if (iequals_ascii(h.substr(0, h.find(':')), "Authorization")) {
        return fail(ErrorKind::usage, "--auth-login and an Authorization header (-H or SONDE_CHECK_HEADERS) both give credentials; keep one");
      }
    }
    auto login = check::generate::parse_login(a.auth_login);
    if (!login) return std::unexpected(login.error());
    o.login = std::move(*login);
  }
  Progress progress(ctx, 0);
  std::mutex progress_mutex;
  o.on_progress = [&](std::size_t done, std::size_t total) {
    std::lock_guard lock(progress_mutex);
    if (done % 16 == 0 || done == total) progress.update(static_cast<int>(done), std::to_string(done) + "/" + std::to_string(total) + " cases");
  };
  auto run = check::generate::run_generate(doc, checker, o);
  progress.clear();
  if (!run) return std::unexpected(run.error());
  if (a.dry_run) {
    if (a.output.format == "json") ctx.out << json_text(generate_json(*run)) << "\n";
    else ctx.out << render_plan_text(*run);
    return 0;
  }
  std::string json = json_text(generate_json(*run)) + "\n";
  auto suite = generate_suite(*run, "sonde check --generate " + a.spec);
  if (a.output.format == "json") ctx.out << json;
  else if (a.output.format == "junit") ctx.out << report::to_junit(suite);
  else ctx.out << render_generate_text(*run, ctx.out_style);
  if (auto written = write_report_files(a.output, json, suite); !written) return std::unexpected(written.error());
  if (!a.report_cases.empty()) {
    if (auto written = write_report_dir(a.report_cases, case_files(*run)); !written) return std::unexpected(written.error());
  }
  return check::generate::exit_status(*run);
}

// The end of every mode: rendered to stdout in the chosen format, report files written, the exit
// code. One pass over the records feeds every output, so a proxy's spooled run is never held.
Result<int> finish_run(const CheckArgs& a, Context& ctx, check::ContractChecker& checker, const check::RunRecords& records) {
  if (ctx.global.verbose && !ctx.global.quiet) {
    for (const auto& f : checker.unknown_formats()) ctx.err << "note: format \"" << f << "\" is not checked (it passes)\n";
  }
  const auto totals = records.totals();
  const std::string suite_name = "sonde check " + a.spec;
  // Each report file is written as the records pass and appears whole at the end, or not at all.
  // One that cannot be opened (its folder went away during a long run) costs the report, not the
  // summary on stdout: the error comes after it.
  std::optional<AtomicFileWriter> junit_file, json_file;
  std::optional<Error> unopened;
  for (auto [path, file] : {std::pair{&a.output.report_junit, &junit_file}, std::pair{&a.output.report_json, &json_file}}) {
    if (path->empty() || unopened) continue;
    auto opened = AtomicFileWriter::open(*path);
    if (!opened) unopened = opened.error();
    else file->emplace(std::move(*opened));
  }
  std::vector<std::unique_ptr<CheckRunWriter>> writers;
  TextSink out = [&ctx](std::string_view text) { ctx.out << text; };
  if (a.output.format == "json") writers.push_back(check_json_writer(out, totals));
  else if (a.output.format == "junit") writers.push_back(check_junit_writer(out, totals, suite_name));
  else writers.push_back(check_text_writer(out, totals, ctx.out_style));
  if (junit_file) writers.push_back(check_junit_writer([&](std::string_view t) { junit_file->write(t); }, totals, suite_name));
  if (json_file) writers.push_back(check_json_writer([&](std::string_view t) { json_file->write(t); }, totals));
  std::vector<CheckRunWriter*> feeding;
  for (auto& w : writers) feeding.push_back(w.get());
  // Request URLs as every output may show them: ?api_key= values and user:password masked.
  // Messages quote body text, which need not be valid UTF-8: the JSON replaces it, never throws.
  const Redactor redactor({}, ctx.global.show_secrets);
  auto written = write_check_run(records, feeding, [&redactor](const std::string& url) { return redactor.shown_url(url); });
  if (!written) return std::unexpected(written.error());
  if (unopened) return std::unexpected(*unopened);
  for (auto* file : {&junit_file, &json_file}) {
    if (!*file) continue;
    if (auto committed = (*file)->commit(); !committed) return std::unexpected(committed.error());
  }
  return check::exit_status(totals.summary);
}

// --proxy: serve until SIGINT/SIGTERM, a line on stderr per violation as it passes, then the
// whole run rendered and reported like any other mode.
Result<int> run_proxy(const CheckArgs& a, Context& ctx, const openapi::Document& doc, check::ContractChecker& checker) {
  auto colon = a.proxy.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon + 1 < a.proxy.size() &&
      a.proxy.find_first_not_of("0123456789", colon + 1) == std::string::npos && a.proxy.size() - colon <= 6) {
    port = std::stoi(a.proxy.substr(colon + 1));
  }
  if (port < 0 || port > 65535 || colon == 0) {
    return fail(ErrorKind::usage, "--proxy wants HOST:PORT, e.g. 127.0.0.1:4010 (port 0: any free port)", a.proxy);
  }
  std::string host = a.proxy.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  // No --upstream: a forward proxy, for clients that take HTTP_PROXY (they send absolute URLs).
  if (!a.upstream.empty() && !a.upstream.starts_with("http://") && !a.upstream.starts_with("https://")) {
    return fail(ErrorKind::usage, "--upstream wants an http:// or https:// URL", a.upstream);
  }
  proxy::ProxyOptions options;
  options.upstream.base = a.upstream;
  if (!a.upstream_timeout.empty()) {
    auto timeout = parse_duration(a.upstream_timeout, "--upstream-timeout");
    if (!timeout) return std::unexpected(timeout.error());
    options.upstream.timeout = std::max(std::chrono::milliseconds(1), duration_as<std::chrono::milliseconds>(*timeout));
  }
  options.refuse_invalid = a.errors;
  options.violations_header = a.violations_header;
  options.redactor = Redactor({}, ctx.global.show_secrets);
  options.record_traffic = !a.report_har.empty();
  // The traffic goes to the HAR as it passes (a long run holds none of it); the file appears,
  // whole, when the proxy stops, and not at all if it fails before.
  auto mutex = std::make_shared<std::mutex>();  // one line at a time on stderr, from every worker
  std::optional<proxy::HarWriter> har;
  if (!a.report_har.empty()) {
    auto opened = proxy::HarWriter::open(a.report_har, Redactor({}, ctx.global.show_secrets));
    if (!opened) return std::unexpected(opened.error());
    har.emplace(std::move(*opened));
    // A full disk is said at once, on the worker that met it: the run goes on (traffic is still
    // forwarded and checked), and the error is the run's at exit.
    options.on_traffic = [&har, &ctx, mutex](const proxy::RecordedExchange& ex) {
      if (auto failed = har->add(ex)) {
        std::lock_guard lock(*mutex);
        ctx.err << "sonde: " << failed->message << ": " << failed->where
                << " (still proxying and checking; the HAR gets nothing more)" << std::endl;
      }
    };
  }
  const bool quiet = ctx.global.quiet;
  const Redactor redactor({}, ctx.global.show_secrets);
  auto on_result = [&ctx, mutex, quiet, redactor](const check::ExchangeResult& r) {
    if (quiet || r.violations.empty()) return;
    std::lock_guard lock(*mutex);
    for (const auto& v : r.violations) {
      ctx.err << ctx.err_style.red("FAIL") << " " << r.method << " " << redactor.shown_url(r.url) << " -> " << r.status << "  " << v.kind
              << (v.pointer.empty() ? "" : " " + v.pointer) << ": " << v.message << std::endl;
    }
  };
  auto on_error = [&ctx, mutex, quiet, redactor](const check::CheckError& e) {
    if (quiet) return;
    std::lock_guard lock(*mutex);
    ctx.err << ctx.err_style.red("ERROR") << " " << e.method << " " << redactor.shown_url(e.url) << ": " << e.message << std::endl;
  };
  auto validating = proxy::ValidatingProxy::create(doc, checker, options, on_result, on_error);
  if (!validating) return std::unexpected(validating.error());
  proxy::ValidatingProxy* p = validating->get();
  proxy::ProxyServerOptions server_options;
  server_options.host = host;
  server_options.port = port;
  auto server = proxy::ProxyServer::bind(*p, server_options);
  if (!server) return std::unexpected(server.error());
  ctx.out << "proxying " << (*server)->url() << " -> "
          << (a.upstream.empty() ? "each request's own URL (a forward proxy: HTTP_PROXY=" + (*server)->url() + ")" : a.upstream)
          << std::endl;
  if (!quiet) ctx.err << "checking against " << a.spec << "; Ctrl-C stops and reports" << std::endl;
  {
    proxy::ProxyServer& serving = **server;
    SignalStopper stopper([&serving] { serving.stop(); });
    if (!serving.serve()) return fail(ErrorKind::runtime, "the proxy stopped unexpectedly", serving.url());
  }
  auto run = p->take_run();  // the server has stopped: nothing else adds to the results
  if (run->spill_failure() && !quiet) {
    ctx.err << "note: " << run->spill_failure()->message << ": " << run->spill_failure()->where << std::endl;
  }
  // The summary and the JSON/JUnit reports first: a HAR that cannot be written (a full disk) is
  // an error of the run, but does not cost the other reports.
  auto code = finish_run(a, ctx, checker, *run);
  if (har) {
    // When both fail, the reports' error is the one told (it came first).
    if (auto written = har->finish(); !written && code) return std::unexpected(written.error());
  }
  return code;
}

Result<int> run_check(const CheckArgs& a, Context& ctx) {
  if (a.list_checks) {
    ctx.out << render_checks_list();
    return 0;
  }
  if (a.spec.empty()) return fail(ErrorKind::usage, "--spec is required", {}, "see 'sonde check --help'");
  if (auto mode = validate_mode(a); !mode) return std::unexpected(mode.error());
  // A report path that cannot be written is said now, not after a run (a proxy's may be hours).
  for (const auto* path : {&a.output.report_json, &a.output.report_junit}) {
    if (path->empty()) continue;
    if (auto ok = check_report_path(*path); !ok) return std::unexpected(ok.error());
  }
  // A live run or the proxy needs libcurl: it loads while the description is read and compiled
  // (a large one takes longer than the load). Offline modes (--har, --response) never load it.
  std::optional<net::LibcurlPreload> preload;
  if (!a.base_url.empty() || !a.proxy.empty()) preload.emplace();
  auto doc = openapi::load(a.spec, a.to_load_options());
  if (!doc) return std::unexpected(doc.error());
  auto checker = check::ContractChecker::create(*doc, a.to_options());
  if (!checker) return std::unexpected(checker.error());
  auto live = a.to_live_options();
  auto from_env = headers_from_environment();
  live.headers.insert(live.headers.begin(), from_env.begin(), from_env.end());
  if (ctx.global.verbose && !ctx.global.quiet) {
    live.on_request = [&ctx](const check::LiveRequest& r) { ctx.err << ctx.err_style.dim(check::to_curl(r)) << "\n"; };
  }
  if (a.generate) return run_generate(a, ctx, *doc, **checker, live);
  if (!a.proxy.empty()) return run_proxy(a, ctx, *doc, **checker);
  Result<check::CheckRun> run = !a.har.empty()        ? run_har(a, *doc, **checker)
                                : !a.response.empty() ? run_response(a, **checker)
                                                      : check::run_live(*doc, **checker, live);
  if (!run) return std::unexpected(run.error());
  return finish_run(a, ctx, **checker, check::CheckRunRecords(*run));
}

}  // namespace

Runner setup_check(CLI::App& sub) {
  auto args = std::make_shared<CheckArgs>();
  sub.add_option("--spec", args->spec, "The OpenAPI description (YAML or JSON; 2.0, 3.0 or 3.1); required")
      ->type_name("FILE");
  sub.add_option("--har", args->har, "Check every entry of a HAR 1.2 file, offline")->type_name("FILE");
  sub.add_option("--proxy", args->proxy,
                 "Listen here as a proxy, checking every exchange that passes: a reverse proxy to --upstream, "
                 "or without it a forward proxy (clients set HTTP_PROXY; CONNECT is refused)")
      ->type_name("HOST:PORT");
  sub.add_option("--upstream", args->upstream, "--proxy: the service to forward to (a reverse proxy)")->type_name("URL");
  sub.add_option("--upstream-timeout", args->upstream_timeout,
                 "--proxy: how long the upstream has for its answer's head and a held body, and the longest "
                 "silence inside a body passed on as it arrives (default 30s)")
      ->type_name("DURATION");
  sub.add_flag("--errors", args->errors, "--proxy: answer a request that breaks its contract with 422, not forwarded");
  sub.add_flag("--violations-header", args->violations_header,
               "--proxy: add Sonde-Violations: N (request and response violations) to every forwarded answer");
  sub.add_option("--report-har", args->report_har, "--proxy: write the traffic as HAR 1.2 as it passes, in place on exit (credentials masked)")
      ->type_name("FILE");
  sub.add_option("--direction", args->direction,
                 "--har: check what requests sent, what responses answered, or both (the default)")
      ->type_name("request|response|both");
  sub.add_option("--response", args->response, "Check one saved response body (with --operation and --status)")
      ->type_name("FILE");
  sub.add_option("--operation", args->operations,
                 "An operationId or \"METHOD /path/template\" (repeatable in live mode)")
      ->type_name("ID");
  sub.add_option("--status", args->status, "The status code of the --response body")
      ->type_name("N")
      ->check(CLI::Range(100, 599).description(""));
  sub.add_option("--content-type", args->content_type,
                 "The Content-Type of the --response body (default: the documented JSON media type)")
      ->type_name("TYPE");
  sub.add_option("--base-url", args->base_url, "Live mode: send one request per operation to this server")
      ->type_name("URL");
  sub.add_option("-H,--header", args->headers, "Live mode: extra request header, e.g. \"Authorization: Bearer T\"")
      ->type_name("HEADER");
  sub.add_flag("--include-unsafe", args->include_unsafe, "Live mode: also send POST, PUT, PATCH and DELETE requests");
  sub.add_option("--tag", args->tags, "Live mode: only operations with this tag (repeatable)")->type_name("TAG");
  CLI::Option* max_time = sub.add_option(
      "--max-time", args->max_time,
      "Maximum time per exchange (250ms, 1.5s, 2m; bare number = seconds): live requests are aborted after it (default 30s); recorded ones that took longer are violations")
      ->type_name("DURATION");
  sub.add_option("--max-violations", args->max_violations,
                 "Body violations reported per exchange; the rest are counted (default 100)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000000).description(""));
  sub.add_flag("--allow-outside-refs", args->allow_outside_refs,
               "Follow local $refs that leave the description's folder (absolute paths, ../)");
  sub.add_flag("--generate", args->generate,
               "Live mode: generate cases from the description (examples, boundaries, negative data, random values, sequences) and report the checks they fail");
  sub.add_option("--phases", args->phases, "--generate: phases to run, comma-separated (default examples,coverage,fuzzing,stateful)")
      ->delimiter(',')
      ->type_name("LIST");
  sub.add_option("--checks", args->checks, "--generate: only these checks, comma-separated (see --list-checks)")
      ->delimiter(',')
      ->type_name("IDS");
  sub.add_option("--exclude-checks", args->exclude_checks, "--generate: leave these checks out, comma-separated")
      ->delimiter(',')
      ->type_name("IDS");
  sub.add_flag("--list-checks", args->list_checks, "Print the checks of --generate with what each verifies, and exit");
  sub.add_option("--max-examples", args->max_examples, "--generate: random cases per operation in the fuzzing phase (default 10)")
      ->type_name("N")
      ->check(CLI::Range(0, 100000).description(""));
  CLI::Option* seed = sub.add_option("--seed", args->seed, "--generate: the random seed; the same seed gives the same cases (default 0)")
      ->type_name("N");
  sub.add_option("--workers", args->workers, "--generate: requests in flight at once (default 1)")
      ->type_name("N")
      ->check(CLI::Range(1, 64).description(""));
  sub.add_option("--max-failures", args->max_failures, "--generate: stop after this many distinct findings (default: never)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000000).description(""));
  sub.add_option("--max-response-time", args->max_response_time,
                 "--generate: a response slower than this fails max-response-time (250ms, 1s)")
      ->type_name("DURATION");
  sub.add_option("--report-cases", args->report_cases,
                 "--generate: write each finding's minimal reproduction as a Hurl file into DIR (run them with sonde test)")
      ->type_name("DIR");
  sub.add_option("--auth-login", args->auth_login,
                 "--generate: fetch a bearer token first and again on 401: 'POST /login body=@creds.json token=$.access_token'")
      ->type_name("SPEC");
  sub.add_flag("--dry-run", args->dry_run, "--generate: print the plan (cases per operation and phase) and send nothing");
  add_output_options(sub, args->output, {"text", "json", "junit"}, true);
  sub.footer(k_check_examples);
  return [args, max_time, seed](Context& ctx) -> Result<int> {
    args->max_time_given = max_time->count() > 0;
    args->seed_given = seed->count() > 0;
    if (!args->max_response_time.empty()) {
      auto bound = parse_duration(args->max_response_time, "--max-response-time");
      if (!bound) return std::unexpected(bound.error());
      args->max_response_ms = bound->count() * 1000;
    }
    auto parsed = parse_duration(args->max_time, "--max-time");
    if (!parsed) return std::unexpected(parsed.error());
    args->max_time_s = parsed->count();
    return run_check(*args, ctx);
  };
}

}  // namespace sonde::cli
