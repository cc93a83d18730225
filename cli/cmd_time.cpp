// sonde time: every phase of an HTTP exchange, with TLS details, percentiles and a CI gate.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "cli/output_options.hpp"
#include "cli/render_time.hpp"
#include "core/timing/curl_command.hpp"
#include "core/timing/measure.hpp"
#include "core/timing/pin_syntax.hpp"
#include "core/timing/thresholds.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/duration.hpp"
#include "core/util/header_field.hpp"
#include "core/util/redaction.hpp"

namespace sonde::cli {

namespace {

/// What CLI11 fills; to_options() turns it into the engine's options.
struct TimeArgs {
  OutputOptions output;
  std::string url, method, data, timeout = "30s", max, proxy, cacert, cert, key;
  std::vector<std::string> headers, resolve, connect_to;
  bool http1_1 = false, http2 = false, ipv4 = false, ipv6 = false, insecure = false, warm = false;
  bool print_curl = false, location_trusted = false;
  int runs = 1, concurrency = 1;
  long max_redirs = 10;
  std::optional<long> min_cert_days;
};

Result<std::string> read_body(const std::string& data) {
  if (data.empty() || data.front() != '@') return data;
  return read_file(data.substr(1));
}

// Everything that reaches the request line or a header is checked here, so a CR or LF in a
// flag can never smuggle a header in (exit 2, naming the flag's value).
Result<void> check_request_flags(const TimeArgs& a) {
  if (!a.method.empty()) {
    if (auto ok = check_method(a.method, ErrorKind::usage, "-X"); !ok) return ok;
  }
  if (auto ok = check_url_chars(a.url, ErrorKind::usage, "URL"); !ok) return ok;
  for (const auto& h : a.headers) {
    if (h.find(':') == std::string::npos && !h.ends_with(";")) return fail(ErrorKind::usage, "-H needs 'Name: value'", h);
    if (auto ok = check_header_line(h, ErrorKind::usage, "-H"); !ok) return ok;
  }
  for (const auto& r : a.resolve) {
    if (auto ok = timing::check_resolve_entry(r); !ok) return ok;
  }
  for (const auto& c : a.connect_to) {
    if (auto ok = timing::check_connect_to_entry(c); !ok) return ok;
  }
  return {};
}

Result<timing::TimingOptions> to_options(const TimeArgs& a) {
  if (auto ok = check_request_flags(a); !ok) return std::unexpected(ok.error());
  timing::TimingOptions o;
  auto& r = o.request;
  r.url = a.url;
  r.method = a.method;
  r.headers = a.headers;
  if (!a.data.empty()) {
    auto body = read_body(a.data);
    if (!body) return std::unexpected(body.error());
    r.body = *body;
  }
  r.http_version = a.http2 ? timing::HttpVersion::http2 : a.http1_1 ? timing::HttpVersion::http1_1 : timing::HttpVersion::any;
  r.family = a.ipv4 ? net::Family::ipv4 : a.ipv6 ? net::Family::ipv6 : net::Family::any;
  r.resolve = a.resolve;
  r.connect_to = a.connect_to;
  r.cacert = a.cacert;
  r.cert = a.cert;
  r.key = a.key;
  r.insecure = a.insecure;
  auto timeout = parse_duration(a.timeout, "--timeout");
  if (!timeout) return std::unexpected(timeout.error());
  r.timeout = duration_as<std::chrono::milliseconds>(*timeout);
  if (a.max_redirs < 0) return fail(ErrorKind::usage, "--max-redirs cannot be negative", std::to_string(a.max_redirs));
  r.max_redirs = a.max_redirs;
  r.location_trusted = a.location_trusted;
  r.proxy = a.proxy;
  o.runs = a.runs;
  o.warm = a.warm;
  o.concurrency = a.concurrency;
  return o;
}

std::vector<timing::Phases> phases_of(const timing::TimingResult& result, int warm_filter) {
  std::vector<timing::Phases> out;
  for (const auto& run : result.runs) {
    if (warm_filter < 0 || run.warm == (warm_filter == 1)) out.push_back(run.phases);
  }
  return out;
}

void add_request_options(CLI::App& sub, TimeArgs& a) {
  sub.add_option("-X,--request", a.method, "HTTP method (default GET, or POST with --data)")->type_name("METHOD");
  sub.add_option("-H,--header", a.headers, "Extra request header (repeatable)")->allow_extra_args(false)->type_name("'NAME: VALUE'");
  sub.add_option("-d,--data", a.data, "Request body; @FILE reads it from a file")->type_name("DATA");
  auto* h1 = sub.add_flag("--http1.1", a.http1_1, "Use HTTP/1.1");
  sub.add_flag("--http2", a.http2, "Use HTTP/2 (negotiated with ALPN over TLS)")->excludes(h1);
  auto* v4 = sub.add_flag("-4,--ipv4", a.ipv4, "Resolve and connect over IPv4 only");
  sub.add_flag("-6,--ipv6", a.ipv6, "Resolve and connect over IPv6 only")->excludes(v4);
  sub.add_option("--resolve", a.resolve, "Pin HOST:PORT to ADDR, skipping the lookup (repeatable)")
      ->allow_extra_args(false)
      ->type_name("HOST:PORT:ADDR");
  sub.add_option("--connect-to", a.connect_to, "Connect to HOST2:PORT2 instead of HOST1:PORT1 (repeatable)")
      ->allow_extra_args(false)
      ->type_name("HOST1:PORT1:HOST2:PORT2");
  sub.add_option("--cacert", a.cacert, "CA certificates (PEM) to verify the server with")->type_name("FILE");
  sub.add_option("--cert", a.cert, "Client certificate (PEM) for mutual TLS")->type_name("FILE");
  sub.add_option("--key", a.key, "Private key (PEM) of the client certificate")->type_name("FILE");
  sub.add_flag("-k,--insecure", a.insecure, "Do not verify the server certificate (warned on stderr)");
  sub.add_option("--timeout", a.timeout, "Limit per run, every redirect hop and DNS included (bare number = seconds)")
      ->type_name("DURATION")
      ->default_str("30s");
  sub.add_option("--max-redirs", a.max_redirs, "Redirect hops to follow; 0 times the redirect itself")
      ->type_name("N")
      ->default_str("10");
  sub.add_flag("--location-trusted", a.location_trusted,
               "Send credentials (Authorization, Cookie, API keys) to other hosts on redirect too");
  sub.add_option("-x,--proxy", a.proxy, "Send the request through this proxy")->type_name("URL");
}

void add_timing_options(CLI::App& sub, TimeArgs& a) {
  sub.add_option("-n,--runs", a.runs, "Number of runs (percentiles over them)")->type_name("N")->default_str("1");
  sub.add_flag("--warm", a.warm, "Reuse one connection after the first run; report cold and warm apart");
  sub.add_option("--concurrency", a.concurrency, "Requests in flight at once (HTTP/2: one connection)")
      ->type_name("C")
      ->default_str("1");
  sub.add_option("--max", a.max, "Fail (exit 1) above these limits: [STAT:]PHASE=DURATION,...")
      ->type_name("LIMITS");
  sub.add_option("--min-cert-days", a.min_cert_days, "Fail (exit 1) when the certificate expires sooner")
      ->type_name("N");
  sub.add_flag("--print-curl", a.print_curl, "Print the equivalent curl command line and exit");
}

// A password in a URL's user-info never reaches the output (see core/util/redaction.hpp).
void mask_urls(timing::TimingResult& result, const Redactor& redactor) {
  result.url = redactor.shown_url(result.url);
  for (auto& run : result.runs) {
    for (auto& hop : run.hops) {
      hop.url = redactor.shown_url(hop.url);
      hop.location = redactor.shown_url(hop.location);
    }
  }
}

Result<int> run_time(const TimeArgs& a, Context& ctx) {
  std::vector<timing::Threshold> thresholds;
  if (!a.max.empty()) {
    auto parsed = timing::parse_thresholds(a.max);
    if (!parsed) return std::unexpected(parsed.error());
    thresholds = *parsed;
  }
  auto options = to_options(a);
  if (!options) return std::unexpected(options.error());
  const Redactor redactor({}, ctx.global.show_secrets);
  if (a.print_curl) {
    ctx.out << timing::to_curl_command(options->request, a.data, redactor) << "\n";
    return 0;
  }
  if (a.insecure) {
    ctx.err << ctx.err_style.bold(ctx.err_style.red("WARNING:")) +
                   " --insecure: the server certificate is NOT verified; TLS details are shown but not trusted\n";
  }
  if (ctx.global.verbose > 0 && !ctx.global.quiet) {
    ctx.err << ctx.err_style.dim("equivalent: " + timing::to_curl_command(options->request, a.data, redactor)) << "\n";
  }
  Progress progress(ctx, options->runs);  // draws only on a terminal and without --quiet
  if (options->runs > 1) {
    options->on_progress = [&progress](int done, int) { progress.update(done, "runs done"); };
  }
  auto measured = timing::measure(*options);
  progress.clear();  // the result replaces the progress line
  if (!measured) return std::unexpected(measured.error());

  TimeReport report;
  report.result = std::move(*measured);
  mask_urls(report.result, redactor);
  report.concurrent = options->concurrency > 1;
  report.summary = timing::summarize_phases(phases_of(report.result, -1));
  if (options->warm && report.result.runs.size() > 1) {
    report.cold = timing::summarize_phases(phases_of(report.result, 0));
    report.warm = timing::summarize_phases(phases_of(report.result, 1));
  }
  report.checks = timing::run_checks(thresholds, report.summary, report.result, a.min_cert_days);

  const std::string json = time_to_json(report).dump(2) + "\n";
  if (a.output.format == "json") {
    ctx.out << json;
  } else {
    ctx.out << render_time_text(report, ctx.out_style, ctx.global.verbose);
  }
  auto written = write_report_files(a.output, json, timing::to_suite(report.checks, "sonde time " + redactor.shown_url(a.url)));
  if (!written) return std::unexpected(written.error());
  for (const auto& check : report.checks) {
    if (!check.passed) return 1;
  }
  return 0;
}

}  // namespace

Runner setup_time(CLI::App& sub) {
  auto args = std::make_shared<TimeArgs>();
  sub.add_option("URL", args->url, "The http:// or https:// URL to time")->required();
  add_request_options(sub, *args);
  add_timing_options(sub, *args);
  add_output_options(sub, args->output, {"text", "json"}, true);
  sub.footer(
      "Examples:\n"
      "  sonde time https://api.example.com/health\n"
      "  sonde time -n 20 --warm https://api.example.com/items\n"
      "  sonde time -n 50 --max total=500ms,p99:wait=200ms --min-cert-days 14 https://api.example.com/\n"
      "  sonde time --concurrency 8 -n 64 --http2 https://api.example.com/items --format json\n"
      "  sonde time --resolve api.example.com:443:10.0.0.5 --print-curl https://api.example.com/");
  return [args](Context& ctx) -> Result<int> { return run_time(*args, ctx); };
}

}  // namespace sonde::cli
