// sonde mock SPEC: serve an OpenAPI description on localhost with faults on demand.
#include <csignal>
#include <iomanip>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/signal_stopper.hpp"
#include "core/mock/http_server.hpp"
#include "core/mock/mock_service.hpp"

namespace sonde::cli {

namespace {

struct MockArgs {
  std::string spec;
  std::string host = "127.0.0.1";
  int port = 0;
  std::string latency;
  std::string fail_rate;
  std::string rate_limit;
  std::string reset_rate;
  std::vector<std::string> faults;
  std::string idempotency = "on";
  std::uint64_t seed = 0;
  std::string cert;
  std::string key;
  bool lenient = false;
  bool allow_outside_refs = false;
  bool no_validate_requests = false;
  bool stateful = false;
  std::string state_file;
};

Result<mock::MockOptions> mock_options(const MockArgs& args) {
  mock::MockOptions options;
  options.seed = args.seed;
  options.validate_requests = !args.no_validate_requests;
  options.stateful = args.stateful;
  options.state_file = args.state_file;
  options.idempotency = args.idempotency == "off"      ? mock::IdempotencyMode::off
                        : args.idempotency == "broken" ? mock::IdempotencyMode::broken
                                                       : mock::IdempotencyMode::correct;
  if (!args.latency.empty()) {
    auto latency = mock::parse_latency(args.latency);
    if (!latency) return std::unexpected(latency.error());
    options.faults.latency = *latency;
  }
  if (!args.fail_rate.empty()) {
    auto rate = mock::parse_fail_rate(args.fail_rate);
    if (!rate) return std::unexpected(rate.error());
    options.faults.fail = *rate;
  }
  if (!args.rate_limit.empty()) {
    auto limit = mock::parse_rate_limit(args.rate_limit);
    if (!limit) return std::unexpected(limit.error());
    options.faults.rate_limit = *limit;
  }
  if (!args.reset_rate.empty()) {
    auto p = mock::parse_probability(args.reset_rate, "--reset-rate");
    if (!p) return std::unexpected(p.error());
    options.faults.reset_probability = *p;
  }
  for (const auto& fault : args.faults) {
    auto parsed = mock::parse_fault_override(fault);
    if (!parsed) return std::unexpected(parsed.error());
    options.fault_overrides.insert(*parsed);
  }
  return options;
}

std::string log_line(const mock::RequestLog& entry, const Style& style) {
  std::ostringstream line;
  std::string status = std::to_string(entry.status);
  status = entry.status >= 500 ? style.red(status) : entry.status >= 400 ? style.yellow(status) : style.green(status);
  line << entry.method << " " << entry.target << " " << status << " " << std::fixed << std::setprecision(1)
       << entry.latency_ms << "ms";
  // The operation, when the target alone does not say it ("GET /pets/7" is "GET /pets/{id}").
  if (!entry.operation.empty() && entry.operation != entry.method + " " + entry.target) {
    line << " " << style.dim("(" + entry.operation + ")");
  }
  if (!entry.fault.empty()) line << " " << style.magenta("[" + entry.fault + "]");
  return line.str();
}

}  // namespace

Runner setup_mock(CLI::App& sub) {
  auto args = std::make_shared<MockArgs>();
  sub.add_option("spec", args->spec, "OpenAPI description to serve (YAML or JSON)")->required()->type_name("SPEC");
  sub.add_option("--host", args->host, "Address to listen on (default 127.0.0.1: loopback only)")->type_name("ADDR");
  sub.add_option("--port", args->port, "Port to listen on; 0 picks a free port (the default)")
      ->check(CLI::Range(0, 65535))
      ->type_name("PORT");
  sub.add_option("--latency", args->latency, "Add latency to every answer: 50ms, or a range 50ms..200ms")
      ->type_name("DURATION");
  sub.add_option("--fail-rate", args->fail_rate, "Fail a share of requests: PROBABILITY:STATUS, e.g. 0.2:503")
      ->type_name("P:STATUS");
  sub.add_option("--rate-limit", args->rate_limit, "Answer 429 with Retry-After and RateLimit headers above COUNT/s")
      ->type_name("RATE");
  sub.add_option("--reset-rate", args->reset_rate, "Drop the connection mid-response for a share of requests, e.g. 0.1")
      ->type_name("P");
  sub.add_option("--fault", args->faults,
                 "Faults for one operation: OPERATION=latency=50ms,fail-rate=0.5:503,reset-rate=0.1 (repeatable)")
      ->type_name("OP=FAULTS");
  sub.add_option("--idempotency", args->idempotency,
                 "Idempotency-Key handling: on (store, replay, 409/422), off (no store), broken (no lock, no fingerprint)")
      ->check(CLI::IsMember({"on", "off", "broken"}))
      ->type_name("MODE");
  sub.add_option("--seed", args->seed, "Seed for drawn faults (repeatable runs); generated bodies are always the same")->type_name("N");
  sub.add_option("--cert", args->cert, "Serve HTTPS with this certificate (PEM); needs --key")->type_name("FILE");
  sub.add_option("--key", args->key, "Private key (PEM) for --cert")->type_name("FILE");
  sub.add_flag("--stateful", args->stateful,
               "Keep resources: POST creates, GET reads, PUT/PATCH update, DELETE removes (then 404), lists list");
  sub.add_option("--state-file", args->state_file, "Keep the --stateful resources in FILE across restarts (implies --stateful)")
      ->type_name("FILE");
  sub.add_flag("--lenient", args->lenient, "Serve even when some $refs cannot be resolved");
  sub.add_flag("--no-validate-requests", args->no_validate_requests,
               "Answer requests whose parameters, media type or body break the description (no 400/415/422)");
  sub.add_flag("--allow-outside-refs", args->allow_outside_refs,
               "Follow local $refs that leave the description's folder (absolute paths, ../)");
  sub.footer(
      "Examples:\n"
      "  sonde mock specs/shop-v2.yaml                       serve on a free loopback port\n"
      "  sonde mock specs/shop-v2.yaml --port 8080 --latency 20ms..80ms --fail-rate 0.1:503\n"
      "  sonde mock api.yaml --rate-limit 5/s --fault createOrder=reset-rate=0.5\n"
      "  sonde mock api.yaml --stateful --state-file mock-state.json\n"
      "  curl -H 'Prefer: code=404' http://127.0.0.1:8080/orders/1\n"
      "The first line on stdout is the URL; one line per request goes to stderr; Ctrl-C stops.");
  return [args](Context& ctx) -> Result<int> {
    auto options = mock_options(*args);
    if (!options) return std::unexpected(options.error());
    openapi::LoadOptions load_options;
    load_options.lenient = args->lenient;
    load_options.allow_outside_refs = args->allow_outside_refs;
    auto doc = openapi::load(args->spec, load_options);
    if (!doc) return std::unexpected(doc.error());
    auto service = mock::MockService::create(std::move(*doc), std::move(*options));
    if (!service) return std::unexpected(service.error());
    std::shared_ptr<mock::MockService> shared(std::move(*service));
    auto log_mutex = std::make_shared<std::mutex>();
    bool quiet = ctx.global.quiet;
    auto server = mock::HttpServer::bind(
        shared, {args->host, args->port, args->cert, args->key, 32},
        [&ctx, log_mutex, quiet](const mock::RequestLog& entry) {
          if (quiet) return;
          std::lock_guard lock(*log_mutex);
          ctx.err << log_line(entry, ctx.err_style) << std::endl;
        });
    if (!server) return std::unexpected(server.error());
    ctx.out << "listening on " << (*server)->url() << std::endl;
    if (!quiet) {
      ctx.err << "serving " << shared->view().operations.size() << " operations of " << args->spec
              << "; Ctrl-C stops" << std::endl;
    }
    SignalStopper stopper(**server);
    if (!(*server)->serve()) {
      return fail(ErrorKind::runtime, "the server stopped unexpectedly", (*server)->url());
    }
    return 0;
  };
}

}  // namespace sonde::cli
