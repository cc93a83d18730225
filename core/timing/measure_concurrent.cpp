#include <map>
#include <memory>
#include <optional>

#include "core/timing/measure.hpp"
#include "core/timing/resolve_plan.hpp"
#include "core/timing/target.hpp"
#include "core/timing/transfer.hpp"

namespace sonde::timing {

namespace {

/// Keeps `concurrency` runs in flight on one multi handle until `runs` have completed. A run
/// whose hop ends in a redirect goes on with the next hop in the same slot, as the sequential
/// runner does, so every run reports all its hops.
class MultiRun {
 public:
  explicit MultiRun(const TimingOptions& options)
      : options_(options), multi_(net::make_multi()),
        slots_(static_cast<std::size_t>(options.runs)) {
    // HTTP/2: every request waits for the one connection and multiplexes on it. HTTP/1.1: one
    // request per connection, at most `concurrency` of them.
    const bool h1 = options.request.http_version == HttpVersion::http1_1;
    curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, h1 ? CURLPIPE_NOTHING : CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.concurrency));
  }

  /// Drives every run to completion; the first failed transfer ends the whole run with its error.
  Result<std::vector<Run>> run() {
    while (next_ < slots_.size() && running_ < static_cast<std::size_t>(options_.concurrency)) {
      if (auto ok = start_run(); !ok) return std::unexpected(ok.error());
    }
    while (running_ > 0) {
      int still = 0;
      if (curl_multi_perform(multi_.get(), &still) != CURLM_OK) {
        return fail(ErrorKind::internal, "curl_multi_perform failed", options_.request.url);
      }
      if (auto ok = reap(); !ok) return std::unexpected(ok.error());
      if (running_ > 0) curl_multi_poll(multi_.get(), nullptr, 0, 100, nullptr);
    }
    std::vector<Run> runs;
    for (auto& slot : slots_) runs.push_back(std::move(slot.run));
    return runs;
  }

 private:
  struct Slot {
    std::unique_ptr<Transfer> transfer;
    Run run;
    std::optional<HopPlan> hops;  ///< the run's redirect state: URL, method, headers, deadline
    ResolvePlan plan;             ///< of the hop in flight
  };

  Result<void> start_run() {
    Slot& slot = slots_[next_];
    slot.transfer = std::make_unique<Transfer>(net::make_easy());
    slot.hops.emplace(options_.request, HopPlan::Clock::now());
    if (auto ok = start_hop(next_); !ok) return ok;
    ++next_;
    ++running_;
    return {};
  }

  // Prepares and hands one hop of run `index` to the multi handle. The address cache is shared,
  // so a host is looked up (and its lookup charged) once, by the first hop that needs it.
  Result<void> start_hop(std::size_t index) {
    Slot& slot = slots_[index];
    const auto& request = options_.request;
    auto target = parse_target(slot.hops->url());
    if (!target) return std::unexpected(target.error());
    auto budget = slot.hops->budget(HopPlan::Clock::now());
    if (!budget) return std::unexpected(budget.error());
    auto plan = plan_resolution(request, *target, cache_);
    if (!plan) return std::unexpected(plan.error());
    slot.plan = std::move(*plan);
    if (auto ready = slot.transfer->prepare(request, *slot.hops, *budget, slot.plan.entries); !ready) {
      return ready;
    }
    if (request.http_version != HttpVersion::http1_1) curl_easy_setopt(slot.transfer->get(), CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(slot.transfer->get(), CURLOPT_PRIVATE, reinterpret_cast<void*>(index));
    slot.transfer->start_clock();
    curl_multi_add_handle(multi_.get(), slot.transfer->get());
    return {};
  }

  // Collects finished hops: a redirect continues its run, a final hop frees the slot for the next run.
  Result<void> reap() {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* private_index = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &private_index);
      const auto i = reinterpret_cast<std::size_t>(private_index);
      Slot& slot = slots_[i];
      auto hop = slot.transfer->collect(msg->data.result, slot.plan.dns_us, true);
      curl_multi_remove_handle(multi_.get(), msg->easy_handle);
      if (!hop) return std::unexpected(hop.error());
      hop->dns = slot.plan.info;
      hop->withheld = slot.hops->dropped();
      const long status = hop->status;
      const std::string location = hop->location;
      const bool first = slot.run.hops.empty();
      slot.run.phases = first ? hop->phases : add(slot.run.phases, hop->phases);
      slot.run.hops.push_back(std::move(*hop));
      if (slot.hops->follow(status, location)) {
        if (auto ok = start_hop(i); !ok) return ok;
        continue;
      }
      --running_;
      if (options_.on_progress) options_.on_progress(static_cast<int>(++done_), options_.runs);
      if (next_ < slots_.size()) {
        if (auto ok = start_run(); !ok) return ok;
      }
    }
    return {};
  }

  const TimingOptions& options_;
  AddressCache cache_;
  net::MultiHandle multi_;
  std::vector<Slot> slots_;  // after multi_: easy handles are cleaned up first
  std::size_t next_ = 0, running_ = 0, done_ = 0;
};

// The connection a hop's TLS belongs to: scheme, host and port.
std::string origin_of(const std::string& url) {
  auto target = parse_target(url);
  return target ? target->scheme + "://" + target->host + ":" + std::to_string(target->port) : url;
}

}  // namespace

Result<TimingResult> measure_concurrent(const TimingOptions& options) {
  const RequestOptions& request = options.request;
  if (auto target = parse_target(request.url); !target) return std::unexpected(target.error());
  auto runs = MultiRun(options).run();
  if (!runs) return std::unexpected(runs.error());

  // Requests that shared a connection saw no handshake; report the one their connection made.
  std::map<std::string, TlsInfo> handshake_by_host;
  for (const auto& run : *runs) {
    for (const auto& hop : run.hops) {
      if (hop.tls && !hop.tls->version.empty()) handshake_by_host[origin_of(hop.url)] = *hop.tls;
    }
  }
  TimingResult result;
  result.url = request.url;
  for (auto& run : *runs) {
    for (auto& hop : run.hops) {
      auto known = handshake_by_host.find(origin_of(hop.url));
      if (hop.tls && hop.tls->version.empty() && known != handshake_by_host.end()) hop.tls = known->second;
    }
    run.warm = !run.hops.empty() && run.hops.front().reused;
    result.runs.push_back(std::move(run));
  }
  return result;
}

}  // namespace sonde::timing
