#include <memory>

#include "core/timing/measure.hpp"
#include "core/timing/resolve_plan.hpp"
#include "core/timing/target.hpp"
#include "core/timing/transfer.hpp"

namespace sonde::timing {

namespace {

struct Slot {
  std::unique_ptr<Transfer> transfer;
  std::optional<Result<Hop>> hop;
};

void configure_multi(CURLM* multi, const TimingOptions& options) {
  // HTTP/2: every request waits for the one connection and multiplexes on it. HTTP/1.1: one
  // request per connection, at most `concurrency` of them; the rest queue.
  const long multiplex = options.request.http_version == HttpVersion::http1_1 ? CURLPIPE_NOTHING : CURLPIPE_MULTIPLEX;
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, multiplex);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.concurrency));
}

}  // namespace

Result<TimingResult> measure_concurrent(const TimingOptions& options) {
  const RequestOptions& request = options.request;
  auto target = parse_target(request.url);
  if (!target) return std::unexpected(target.error());
  AddressCache cache;
  auto plan = plan_resolution(request, *target, cache);
  if (!plan) return std::unexpected(plan.error());
  const std::string method = !request.method.empty() ? request.method : request.body ? "POST" : "GET";

  auto multi = net::make_multi();
  configure_multi(multi.get(), options);
  std::vector<Slot> slots(static_cast<std::size_t>(options.runs));
  std::size_t next = 0, running = 0;
  auto start_next = [&]() -> Result<void> {
    Slot& slot = slots[next];
    slot.transfer = std::make_unique<Transfer>(net::make_easy());
    if (auto ready = slot.transfer->prepare(request, request.url, method, true, plan->entries); !ready) return ready;
    if (request.http_version != HttpVersion::http1_1) curl_easy_setopt(slot.transfer->get(), CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(slot.transfer->get(), CURLOPT_PRIVATE, reinterpret_cast<void*>(next));
    slot.transfer->start_clock();
    curl_multi_add_handle(multi.get(), slot.transfer->get());
    ++next;
    ++running;
    return {};
  };
  while (next < slots.size() && running < static_cast<std::size_t>(options.concurrency)) {
    if (auto ok = start_next(); !ok) return std::unexpected(ok.error());
  }
  while (running > 0) {
    int still = 0;
    if (curl_multi_perform(multi.get(), &still) != CURLM_OK) {
      return fail(ErrorKind::internal, "curl_multi_perform failed", request.url);
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* index = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &index);
      Slot& slot = slots[reinterpret_cast<std::size_t>(index)];
      const bool first = reinterpret_cast<std::size_t>(index) == 0;
      slot.hop = slot.transfer->collect(msg->data.result, first ? plan->dns_us : 0, true);
      curl_multi_remove_handle(multi.get(), msg->easy_handle);
      --running;
      if (!*slot.hop) return std::unexpected(slot.hop->error());
      if (next < slots.size()) {
        if (auto ok = start_next(); !ok) return std::unexpected(ok.error());
      }
    }
    if (running > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
  }

  TimingResult result;
  result.url = request.url;
  std::optional<TlsInfo> handshake;
  for (const auto& slot : slots) {
    if (const Hop& hop = **slot.hop; hop.tls && !hop.tls->version.empty()) handshake = hop.tls;
  }
  for (std::size_t i = 0; i < slots.size(); ++i) {
    Hop hop = std::move(**slots[i].hop);
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
