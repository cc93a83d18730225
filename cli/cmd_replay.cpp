// sonde replay: send requests with retries that cannot double a side effect, and probe whether a
// server honours Idempotency-Key. Options follow curl's names where curl has them.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.hpp"
#include "cli/json_text.hpp"
#include "cli/replay_args.hpp"
#include "cli/replay_input.hpp"
#include "cli/replay_render.hpp"
#include "core/replay/curl_printer.hpp"
#include "core/replay/http_sender.hpp"
#include "core/util/clock.hpp"

namespace sonde::cli {

namespace {

constexpr const char* k_replay_examples = R"(Examples:
  sonde replay -X POST https://api.example.com/orders -H 'Content-Type: application/json' -d '{"sku":"a1"}'
  sonde replay api.http --name create-order --env dev --retries 4 --deadline 20
  sonde replay --curl "curl 'https://api.example.com/pay' --data-raw 'amount=10'" --dry-run
  sonde replay --har session.har --filter '/api/' --format json
  sonde replay --check-idempotency -X POST http://127.0.0.1:8080/orders -d '{"sku":"a1"}' \
      --count-url http://127.0.0.1:8080/orders/count)";

void add_replay_options(CLI::App& sub, ReplayArgs& a) {
  sub.add_option("target", a.target, "A .http file, or the URL to send")->type_name("FILE.http|URL");
  sub.add_option("-X,--request", a.method, "Method for a URL target (default GET, or POST with -d)")->type_name("METHOD");
  sub.add_option("-H,--header", a.headers, "Add or replace a header (repeatable; 'Name:' removes it)")
      ->type_name("'NAME: VALUE'")->allow_extra_args(false);
  sub.add_option("-d,--data", a.data, "Body for a URL target (repeatable, joined with '&')")
      ->type_name("DATA")->allow_extra_args(false);
  sub.add_option("--curl", a.curl, "Replay a curl command line (e.g. a browser's \"Copy as cURL\")")->type_name("COMMAND");
  sub.add_option("--har", a.har, "Replay the requests of a HAR 1.2 file")->type_name("FILE");
  sub.add_option("--filter", a.filter, "With --har: only entries whose URL matches")->type_name("REGEX");
  sub.add_option("--name", a.name, "Only the request with this name (# @name in a .http file)")->type_name("NAME");
  sub.add_option("--env", a.env, "Environment from http-client.env.json (+ private overlay)")->type_name("NAME");
  sub.add_option("--retries", a.retries, "Retries after the first attempt")->type_name("N")->capture_default_str();
  sub.add_option("--jitter", a.jitter, "Backoff jitter")->type_name("MODE")
      ->check(CLI::IsMember({"full", "equal", "decorrelated", "none"}))->capture_default_str();
  sub.add_option("--backoff-base", a.backoff_base, "Backoff base for errors; twice this for 429")
      ->type_name("DURATION")->capture_default_str();
  sub.add_option("--backoff-cap", a.backoff_cap, "Longest backoff")->type_name("DURATION")->capture_default_str();
  sub.add_option("--attempt-timeout", a.attempt_timeout, "Time limit per attempt")->type_name("DURATION")->capture_default_str();
  sub.add_option("--deadline", a.deadline, "Time limit per request, all attempts and waits included")->type_name("DURATION")->capture_default_str();
  sub.add_option("--batch-deadline", a.batch_deadline,
                 "Time limit for the whole batch: requests not started by then are not sent")
      ->type_name("DURATION");
  sub.add_option("--max-body", a.max_body, "Most response body kept per attempt; past it the transfer stops")
      ->type_name("SIZE")->capture_default_str();
  sub.add_option("--idempotency-key", a.idempotency_key,
                 "auto (a UUIDv4 per request), none, or a literal key (default: auto for POST and PATCH)")
      ->type_name("auto|none|KEY");
  sub.add_flag("--force-retry", a.force_retry, "Retry POST/PATCH without an Idempotency-Key too");
  sub.add_option("--redact", a.redact, "Also mask this header's value in all output (repeatable)")
      ->type_name("NAME")->allow_extra_args(false);
  sub.add_flag("-i,--include", a.include, "Print the final status line and headers before the body");
  sub.add_flag("--dry-run", a.dry_run, "Print the resolved requests and the retry plan; send nothing");
  sub.add_flag("--print-curl", a.print_curl, "Print each request as a curl command line; send nothing");
  sub.add_flag("--check-idempotency", a.check_idempotency, "Test whether the endpoint honours Idempotency-Key");
  sub.add_option("--count-url", a.count_url, "With --check-idempotency: URL returning the number of created resources")
      ->type_name("URL");
  sub.add_option("--concurrency", a.concurrency,
                 "Requests in flight at once (default 1); with --check-idempotency: copies per round (default 5)")
      ->type_name("N")->check(CLI::Range(1, 64));
  sub.add_option("--rate", a.rate, "Client-side rate limit for every attempt (token bucket)")->type_name("N/s|N/m|N/h");
  sub.add_option("--retry-budget", a.retry_budget, "Retries may add at most this % to a host's requests (plus 10)")
      ->type_name("PERCENT")->capture_default_str();
  sub.add_option("--breaker", a.breaker, "Stop sending to a host after N consecutive failures (0: never)")
      ->type_name("N")->capture_default_str();
  sub.add_option("--breaker-cooldown", a.breaker_cooldown, "Time an open circuit waits before one probe request")
      ->type_name("DURATION")->capture_default_str();
  sub.add_option("--rounds", a.rounds, "With --check-idempotency: rounds of concurrent copies")
      ->type_name("N")->capture_default_str()->check(CLI::Range(1, 100));
  sub.add_option("--cacert", a.cacert, "CA certificates to verify the server with")->type_name("FILE");
  sub.add_flag("-k,--insecure", a.insecure, "Do not verify the server certificate");
  add_output_options(sub, a.output, {"text", "json"}, true);
  sub.footer(k_replay_examples);
}

Result<int> run_probe(const ReplayArgs& args, const replay::ReadResult& loaded, Context& ctx) {
  if (loaded.requests.size() != 1) return fail(ErrorKind::usage, "--check-idempotency needs exactly one request");
  auto random = replay::system_random();
  const int copies = args.concurrency > 0 ? args.concurrency : 5;
  replay::ProbeOptions options{loaded.requests.front(), args.count_url, copies, args.rounds,
                               attempt_timeout(args)};
  if (!ctx.global.quiet) {
    ctx.err << "checking Idempotency-Key handling of " << options.request.method << " " << options.request.url << " ("
            << copies << " concurrent copies x " << args.rounds << " rounds)\n";
  }
  auto transport = to_transport(args);
  if (!transport) return std::unexpected(transport.error());
  replay::CurlSender sender(*transport);
  replay::ProbeReport report = probe_idempotency(options, sender, *random);
  std::string json = json_text(probe_json(report)) + "\n";
  ctx.out << (args.output.format == "json" ? json : probe_text(report, ctx.out_style));
  if (auto written = write_report_files(args.output, json, probe_suite(report)); !written) return std::unexpected(written.error());
  if (report.unreachable) {
    return fail(ErrorKind::runtime, "no response from the endpoint", options.request.url, "is the server running?");
  }
  return report.verdict == replay::Verdict::pass || report.verdict == replay::Verdict::warn ? 0 : 1;
}

int print_without_sending(const ReplayArgs& args, const replay::ReadResult& loaded, const replay::RetryPolicy& policy,
                          const Redactor& redactor, Context& ctx) {
  if (args.print_curl) {
    for (const auto& r : loaded.requests) ctx.out << replay::to_curl_command(r, redactor) << "\n";
    return 0;
  }
  if (args.output.format == "json") {
    std::vector<replay::ReplayOutcome> planned;
    for (const auto& r : loaded.requests) {
      planned.push_back({r, replay::header_value(r.headers, "Idempotency-Key"), {}, {}, {}, false});
    }
    ctx.out << json_text(replay_json(planned, redactor)) << "\n";
    return 0;
  }
  for (std::size_t i = 0; i < loaded.requests.size(); ++i) {
    ctx.out << (i ? "\n" : "") << dry_run_text(loaded.requests[i], policy, redactor);
  }
  return 0;
}

Result<int> run_replay(const ReplayArgs& args, Context& ctx) {
  auto policy = to_policy(args);
  if (!policy) return std::unexpected(policy.error());
  // Every flag is checked before anything is read or printed, --dry-run included.
  auto batch = to_batch_options(args);
  if (!batch) return std::unexpected(batch.error());
  auto transport = to_transport(args);
  if (!transport) return std::unexpected(transport.error());
  auto random = replay::system_random();
  auto loaded = load_requests(args, *random);
  if (!loaded) return std::unexpected(loaded.error());
  if (!ctx.global.quiet) {
    for (const auto& w : loaded->warnings) ctx.err << ctx.err_style.yellow("warning: ") << w << "\n";
  }
  const Redactor redactor(args.redact, ctx.global.show_secrets);
  if (args.dry_run || args.print_curl) {
    const int printed = print_without_sending(args, *loaded, *policy, redactor, ctx);
    if (loaded->unsent) return std::unexpected(*loaded->unsent);
    return printed;
  }
  if (args.check_idempotency) return run_probe(args, *loaded, ctx);

  replay::CurlSender sender(*transport);
  const auto& requests = loaded->requests;
  std::vector<int> numbers(requests.size(), 0);
  const bool interleaved = batch->concurrency > 1 && requests.size() > 1;
  auto prefix = [&](std::size_t i) { return interleaved ? "[" + requests[i].name + "] " : std::string(); };
  auto on_start = [&](std::size_t i) {
    if (ctx.global.quiet) return;
    ctx.err << prefix(i) << timeline_header(requests[i], redactor, ctx.err_style);
    if (ctx.global.verbose > 0 && !interleaved) ctx.err << request_head_text(requests[i], redactor, ctx.err_style);
    ctx.err << std::flush;
  };
  auto observer = [&](std::size_t i, const replay::Attempt& a) {
    if (!ctx.global.quiet) ctx.err << prefix(i) << timeline_line(++numbers[i], a, ctx.err_style) << std::flush;
  };
  std::vector<replay::ReplayOutcome> outcomes =
      replay::run_batch(requests, *policy, *batch, sender, *system_clock(), *random, observer, on_start);
  if (args.output.format == "text") {
    for (const auto& outcome : outcomes) {
      if (!outcome.response) continue;
      std::string text = response_text(*outcome.response, args.include, redactor);
      // Several bodies in a row stay readable only when each ends its own line.
      if (outcomes.size() > 1 && !text.empty() && !text.ends_with("\n")) text += "\n";
      ctx.out << text;
    }
  }
  std::string json = json_text(replay_json(outcomes, redactor)) + "\n";
  if (args.output.format == "json") ctx.out << json;
  if (auto written = write_report_files(args.output, json, replay_suite(outcomes, redactor)); !written) {
    return std::unexpected(written.error());
  }
  int code = 0;
  for (const auto& o : outcomes) {
    if (!o.response) {
      Error error = net::to_error(*o.error, redactor.shown_url(o.request.url));
      if (o.deadline_hit) error.message += " (stopped: the next wait would pass the deadline)";
      return std::unexpected(error);
    }
    if (o.response->status >= 400) code = 1;
  }
  // A request of the file that could not be built fails the run once the others were sent.
  if (loaded->unsent) return std::unexpected(*loaded->unsent);
  return code;
}

}  // namespace

Runner setup_replay(CLI::App& sub) {
  auto args = std::make_shared<ReplayArgs>();
  add_replay_options(sub, *args);
  return [args](Context& ctx) -> Result<int> { return run_replay(*args, ctx); };
}

}  // namespace sonde::cli
