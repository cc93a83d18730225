#include <memory>

#include "core/timing/measure.hpp"
#include "core/timing/resolve_plan.hpp"
#include "core/timing/target.hpp"
#include "core/timing/transfer.hpp"

namespace sonde::timing {

namespace {

/// Keeps `concurrency` transfers in flight on one multi handle until `runs` have completed.
class MultiRun {
 public:
  MultiRun(const TimingOptions& options, const ResolvePlan& plan, std::string method)
      : options_(options), plan_(plan), method_(std::move(method)), multi_(net::make_multi()),
        slots_(static_cast<std::size_t>(options.runs)) {
    // HTTP/2: every request waits for the one connection and multiplexes on it. HTTP/1.1: one
    // request per connection, at most `concurrency` of them.
    const bool h1 = options.request.http_version == HttpVersion::http1_1;
    curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, h1 ? CURLPIPE_NOTHING : CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.concurrency));
  }

  /// Drives every transfer to completion; the first failed transfer ends the run with its error.
  Result<std::vector<Hop>> run() {
    while (next_ < slots_.size() && running_ < static_cast<std::size_t>(options_.concurrency)) {
      if (auto ok = start_next(); !ok) return std::unexpected(ok.error());
    }
    while (running_ > 0) {
      int still = 0;
      if (curl_multi_perform(multi_.get(), &still) != CURLM_OK) {
        return fail(ErrorKind::internal, "curl_multi_perform failed", options_.request.url);
      }
      if (auto ok = reap(); !ok) return std::unexpected(ok.error());
      if (running_ > 0) curl_multi_poll(multi_.get(), nullptr, 0, 100, nullptr);
    }
    std::vector<Hop> hops;
    for (auto& slot : slots_) hops.push_back(std::move(*slot.hop));
    return hops;
  }

 private:
  struct Slot {
    std::unique_ptr<Transfer> transfer;
    std::optional<Hop> hop;
  };

  Result<void> start_next() {
    Slot& slot = slots_[next_];
    slot.transfer = std::make_unique<Transfer>(net::make_easy());
    const auto& request = options_.request;
    if (auto ready = slot.transfer->prepare(request, request.url, method_, true, plan_.entries); !ready) return ready;
    if (request.http_version != HttpVersion::http1_1) curl_easy_setopt(slot.transfer->get(), CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(slot.transfer->get(), CURLOPT_PRIVATE, reinterpret_cast<void*>(next_));
    slot.transfer->start_clock();
    curl_multi_add_handle(multi_.get(), slot.transfer->get());
    ++next_;
    ++running_;
    return {};
  }

  // Collects finished transfers and starts the next ones in their place.
  Result<void> reap() {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* index = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &index);
      const auto i = reinterpret_cast<std::size_t>(index);
      auto hop = slots_[i].transfer->collect(msg->data.result, i == 0 ? plan_.dns_us : 0, true);
      curl_multi_remove_handle(multi_.get(), msg->easy_handle);
      --running_;
      if (!hop) return std::unexpected(hop.error());
      slots_[i].hop = std::move(*hop);
      if (options_.on_progress) options_.on_progress(static_cast<int>(++done_), options_.runs);
      if (next_ < slots_.size()) {
        if (auto ok = start_next(); !ok) return ok;
      }
    }
    return {};
  }

  const TimingOptions& options_;
  const ResolvePlan& plan_;
  std::string method_;
  net::MultiHandle multi_;
  std::vector<Slot> slots_;  // after multi_: easy handles are cleaned up first
  std::size_t next_ = 0, running_ = 0, done_ = 0;
};

}  // namespace

Result<TimingResult> measure_concurrent(const TimingOptions& options) {
  const RequestOptions& request = options.request;
  auto target = parse_target(request.url);
  if (!target) return std::unexpected(target.error());
  AddressCache cache;
  auto plan = plan_resolution(request, *target, cache);
  if (!plan) return std::unexpected(plan.error());
  const std::string method = !request.method.empty() ? request.method : request.body ? "POST" : "GET";
  auto hops = MultiRun(options, *plan, method).run();
  if (!hops) return std::unexpected(hops.error());

  std::optional<TlsInfo> handshake;
  for (const auto& hop : *hops) {
    if (hop.tls && !hop.tls->version.empty()) handshake = hop.tls;
  }
  TimingResult result;
  result.url = request.url;
  for (std::size_t i = 0; i < hops->size(); ++i) {
    Hop hop = std::move((*hops)[i]);
    // Requests that shared a connection saw no handshake; report the one their connection made.
    if (hop.tls && hop.tls->version.empty() && handshake) hop.tls = handshake;
    hop.dns = plan->info;
    if (i > 0 && hop.dns.source == "c-ares") hop.dns.source = "cached";
    Run run;
    run.phases = hop.phases;
    run.warm = hop.reused;
    run.hops.push_back(std::move(hop));
    result.runs.push_back(std::move(run));
  }
  return result;
}

}  // namespace sonde::timing
