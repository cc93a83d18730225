// sonde time: every phase of an HTTP exchange, with TLS details, percentiles and a CI gate.
#include <CLI/CLI.hpp>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <memory>

#include "cli/command.hpp"
#include "cli/json_text.hpp"
#include "cli/progress.hpp"
#include "cli/output_options.hpp"
#include "cli/render_load.hpp"
#include "cli/render_time.hpp"
#include "core/timing/curl_command.hpp"
#include "core/timing/load_gate.hpp"
#include "core/timing/measure.hpp"
#include "core/timing/pin_syntax.hpp"
#include "core/timing/thresholds.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/duration.hpp"
#include "core/util/header_field.hpp"
#include "core/util/redaction.hpp"

namespace sonde::cli {

namespace {

/// What CLI11 fills; timing_options() turns it into the engine's options.
struct TimeArgs {
  OutputOptions output;
  std::string url, method, data, timeout = "30s", max, proxy, cacert, cert, key;
  std::vector<std::string> headers, resolve, connect_to;
  bool http1_1 = false, http2 = false, ipv4 = false, ipv6 = false, insecure = false, warm = false;
  bool print_curl = false, location_trusted = false;
  int runs = 1, concurrency = 1;
  long max_redirs = 10;
  std::optional<long> min_cert_days;
  // Load (--duration or --rate).
  std::string duration, rate, warmup, min, report_timeseries;
  std::optional<int> connections;  ///< default: closed 1, open 64
  int threads = 0;                 ///< 0: one per core
  int streams = 1;
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

Result<timing::TimingOptions> timing_options(const TimeArgs& a) {
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

void add_load_options(CLI::App& sub, TimeArgs& a) {
  sub.add_option("--duration", a.duration, "Load: send requests for this long (closed model unless --rate)")
      ->type_name("DURATION");
  sub.add_option("--rate", a.rate, "Load: start requests on a fixed timetable (open model; latency from when each was due)")
      ->type_name("N/s");
  sub.add_option("--connections", a.connections, "Load: connections (closed model) or most requests in flight (open; default 64)")
      ->type_name("N");
  sub.add_option("--streams", a.streams, "Load, with --http2: requests multiplexed on each connection")
      ->type_name("M")
      ->default_str("1");
  sub.add_option("--threads", a.threads, "Load: threads sharing the connections (default one per core)")
      ->type_name("N");
  sub.add_option("--warmup", a.warmup, "Load: requests due in this first stretch are sent but not counted")
      ->type_name("DURATION");
  sub.add_option("--min", a.min, "Load: fail (exit 1) below this throughput: rps=N")->type_name("rps=N");
  sub.add_option("--report-timeseries", a.report_timeseries, "Load: one JSON line per second (rps, p50, p99, errors)")
      ->type_name("FILE");
}

// "500", "500/s" or "30000/m" as requests per second.
Result<double> parse_rate(const std::string& text) {
  std::string number = text;
  double per = 1.0;
  if (text.ends_with("/s")) number = text.substr(0, text.size() - 2);
  else if (text.ends_with("/m")) number = text.substr(0, text.size() - 2), per = 60.0;
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size() || !(value > 0)) {
    return fail(ErrorKind::usage, "--rate takes a positive number of requests per second", text, "e.g. --rate 500/s");
  }
  return value / per;
}

// SIGINT/SIGTERM during a load run end it early; what was measured is still printed.
std::atomic<bool> g_load_stop{false};
extern "C" void on_load_signal(int) { g_load_stop.store(true); }

struct LoadSignals {
  LoadSignals() {
    struct sigaction action{};
    action.sa_handler = on_load_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~LoadSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  LoadSignals(const LoadSignals&) = delete;
  LoadSignals& operator=(const LoadSignals&) = delete;
  struct sigaction old_int_{}, old_term_{};
};

Result<int> run_load(const TimeArgs& a, const timing::TimingOptions& base, Context& ctx) {
  if (a.warm || a.concurrency != 1 || a.min_cert_days) {
    return fail(ErrorKind::usage, "--warm, --concurrency and --min-cert-days are for timed runs, not load",
                "", "use --connections with --duration or --rate");
  }
  timing::LoadOptions options;
  options.request = base.request;
  options.request.max_redirs = 0;  // load measures the URL's own answer; a redirect counts as 3xx
  if (!a.duration.empty()) {
    auto d = parse_duration(a.duration, "--duration");
    if (!d) return std::unexpected(d.error());
    options.duration = duration_as<std::chrono::microseconds>(*d);
  }
  if (!a.warmup.empty()) {
    auto w = parse_duration(a.warmup, "--warmup", true);
    if (!w) return std::unexpected(w.error());
    options.warmup = duration_as<std::chrono::microseconds>(*w);
  }
  if (!a.rate.empty()) {
    auto rate = parse_rate(a.rate);
    if (!rate) return std::unexpected(rate.error());
    options.rate = *rate;
  }
  if (a.connections && (*a.connections < 1 || *a.connections > 10000)) {
    return fail(ErrorKind::usage, "--connections must be 1 to 10000", std::to_string(*a.connections));
  }
  options.connections = a.connections.value_or(options.rate > 0 ? 64 : 1);
  if (a.threads < 0 || a.threads > 256) return fail(ErrorKind::usage, "--threads must be 1 to 256", std::to_string(a.threads));
  options.threads = a.threads;
  options.streams = a.streams;
  if (a.runs > 1) options.max_requests = a.runs;
  auto gates = timing::parse_load_gates(a.max, a.min);
  if (!gates) return std::unexpected(gates.error());
  // A run may last minutes: a report path that cannot be written is refused before it starts.
  for (const std::string* path : {&a.report_timeseries, &a.output.report_json, &a.output.report_junit}) {
    if (path->empty()) continue;
    if (auto ok = check_report_path(*path); !ok) return std::unexpected(ok.error());
  }
  g_load_stop.store(false);
  options.stop = &g_load_stop;
  LoadSignals signals;
  int total_seconds = static_cast<int>((options.warmup + options.duration).count() / 1'000'000);
  Progress progress(ctx, total_seconds);
  auto measured = timing::run_load(options, [&progress](const timing::LoadSecond& s) {
    progress.update(s.second + 1, load_progress_line(s));
  });
  progress.clear();
  if (!measured) return std::unexpected(measured.error());
  LoadReport report;
  report.result = std::move(*measured);
  report.result.url = Redactor({}, ctx.global.show_secrets).shown_url(report.result.url);
  report.checks = timing::run_load_checks(*gates, report.result);
  const std::string json = json_text(load_to_json(report)) + "\n";
  if (a.output.format == "json") {
    ctx.out << json;
  } else {
    ctx.out << render_load_text(report, ctx.out_style);
  }
  if (!a.report_timeseries.empty()) {
    if (auto ok = write_file_atomically(a.report_timeseries, load_timeseries(report.result)); !ok) {
      return std::unexpected(ok.error());
    }
  }
  auto written = write_report_files(a.output, json, timing::to_suite(report.checks, "sonde time " + report.result.url));
  if (!written) return std::unexpected(written.error());
  for (const auto& check : report.checks) {
    if (!check.passed) return 1;
  }
  return 0;
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
  const bool load = !a.duration.empty() || !a.rate.empty();
  if (!load && (!a.warmup.empty() || !a.min.empty() || !a.report_timeseries.empty() || a.connections || a.threads || a.streams != 1)) {
    return fail(ErrorKind::usage, "--connections, --streams, --threads, --warmup, --min and --report-timeseries need --duration or --rate");
  }
  if (load && !a.print_curl) {
    auto base = timing_options(a);
    if (!base) return std::unexpected(base.error());
    return run_load(a, *base, ctx);
  }
  std::vector<timing::Threshold> thresholds;
  if (!a.max.empty()) {
    auto parsed = timing::parse_thresholds(a.max);
    if (!parsed) return std::unexpected(parsed.error());
    thresholds = *parsed;
  }
  auto options = timing_options(a);
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

  const std::string json = json_text(time_to_json(report)) + "\n";
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
  add_load_options(sub, *args);
  add_output_options(sub, args->output, {"text", "json"}, true);
  sub.footer(
      "Examples:\n"
      "  sonde time https://api.example.com/health\n"
      "  sonde time -n 20 --warm https://api.example.com/items\n"
      "  sonde time -n 50 --max total=500ms,p99:wait=200ms --min-cert-days 14 https://api.example.com/\n"
      "  sonde time --concurrency 8 -n 64 --http2 https://api.example.com/items --format json\n"
      "  sonde time --duration 30s --connections 16 --max p99:total=250ms,fail-rate=1% http://127.0.0.1:8080/\n"
      "  sonde time --rate 500/s --duration 60s --warmup 5s --min rps=450 https://api.example.com/items\n"
      "  sonde time --resolve api.example.com:443:10.0.0.5 --print-curl https://api.example.com/");
  return [args](Context& ctx) -> Result<int> { return run_time(*args, ctx); };
}

}  // namespace sonde::cli
