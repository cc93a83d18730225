#include <memory>

#include "core/net/libcurl_loader.hpp"
#include "core/timing/measure.hpp"
#include "core/timing/resolve_plan.hpp"
#include "core/timing/target.hpp"
#include "core/timing/transfer.hpp"

namespace sonde::timing {

namespace {

// One run: the first hop and every redirect sonde follows, each its own exchange.
Result<Run> run_once(Transfer& transfer, const RequestOptions& options, AddressCache& cache,
                     std::optional<TlsInfo>& last_tls) {
  Run run;
  HopPlan plan(options, HopPlan::Clock::now());
  for (long hop_index = 0;; ++hop_index) {
    auto target = parse_target(plan.url());
    if (!target) return std::unexpected(target.error());
    auto budget = plan.budget(HopPlan::Clock::now());
    if (!budget) return std::unexpected(budget.error());
    auto resolution = plan_resolution(options, *target, cache);
    if (!resolution) return std::unexpected(resolution.error());
    if (auto ready = transfer.prepare(options, plan, *budget, resolution->entries); !ready) {
      return std::unexpected(ready.error());
    }
    transfer.start_clock();
    CURLcode code = curl_easy_perform(transfer.get());
    auto hop = transfer.collect(code, resolution->dns_us, false);
    if (!hop) return std::unexpected(hop.error());
    hop->dns = resolution->info;
    hop->withheld = plan.dropped();
    // A reused connection has no handshake to read; its TLS is the one it was set up with.
    if (hop->tls && hop->tls->version.empty() && hop->reused && last_tls) hop->tls = last_tls;
    if (hop->tls && !hop->tls->version.empty()) last_tls = hop->tls;
    run.phases = hop_index == 0 ? hop->phases : add(run.phases, hop->phases);
    const long status = hop->status;
    const std::string location = hop->location;
    run.hops.push_back(std::move(*hop));
    if (!plan.follow(status, location)) break;
  }
  return run;
}

}  // namespace

Result<TimingResult> measure_sequential(const TimingOptions& options) {
  TimingResult result;
  result.url = options.request.url;
  std::unique_ptr<Transfer> transfer;
  AddressCache cache;
  std::optional<TlsInfo> last_tls;
  for (int i = 0; i < options.runs; ++i) {
    const bool warm = options.warm && i > 0;
    if (!warm) {
      // A cold run starts from nothing: new handle (no connection, no DNS cache), new lookup.
      transfer = std::make_unique<Transfer>(net::make_easy());
      cache.clear();
      last_tls.reset();
    }
    auto run = run_once(*transfer, options.request, cache, last_tls);
    if (!run) return std::unexpected(run.error());
    run->warm = warm;
    result.runs.push_back(std::move(*run));
    if (options.on_progress) options.on_progress(i + 1, options.runs);
  }
  return result;
}

Result<TimingResult> measure(const TimingOptions& options) {
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  if (options.runs < 1) return fail(ErrorKind::usage, "-n needs at least 1 run", std::to_string(options.runs));
  if (options.concurrency < 1) {
    return fail(ErrorKind::usage, "--concurrency needs at least 1", std::to_string(options.concurrency));
  }
  if (options.concurrency > 1 && options.warm) {
    return fail(ErrorKind::usage, "--warm and --concurrency cannot be combined", {},
                "--concurrency already reuses connections; compare it with a plain -n run");
  }
  if (options.concurrency > 1) return measure_concurrent(options);
  return measure_sequential(options);
}

}  // namespace sonde::timing
