#include "core/timing/load.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/net/curl_handle.hpp"
#include "core/timing/hop_plan.hpp"
#include "core/timing/resolve_plan.hpp"
#include "core/timing/target.hpp"
#include "core/timing/transfer.hpp"

namespace sonde::timing {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t micros(Clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

std::int64_t ms_to_us(double ms) { return std::llround(ms * 1000.0); }

// The latencies of the second being filled; exact percentiles when it closes (a few thousand
// values: cheaper than a histogram per second).
struct SecondWindow {
  LoadSecond second;
  std::vector<std::int64_t> latencies;

  LoadSecond close() {
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double p) {
      if (latencies.empty()) return std::int64_t{0};
      auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(latencies.size())));
      return latencies[std::clamp<std::size_t>(rank, 1, latencies.size()) - 1];
    };
    second.p50_us = at(50);
    second.p99_us = at(99);
    return second;
  }
};

class LoadRun {
 public:
  LoadRun(const LoadOptions& options, const std::function<void(const LoadSecond&)>& on_second)
      : options_(options), on_second_(on_second), multi_(net::make_multi()),
        slots_(static_cast<std::size_t>(options.connections)) {
    const bool h1 = options.request.http_version != HttpVersion::http2;
    curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, h1 ? CURLPIPE_NOTHING : CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.connections));
    curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options.connections));
    for (auto& slot : slots_) {
      slot.transfer = std::make_unique<Transfer>(net::make_easy());
      free_.push_back(&slot);
    }
  }

  Result<LoadResult> run() {
    auto target = parse_target(options_.request.url);
    if (!target) return std::unexpected(target.error());
    AddressCache cache;
    auto plan = plan_resolution(options_.request, *target, cache);  // once: every request reuses it
    if (!plan) return std::unexpected(plan.error());
    resolve_ = plan->entries;
    result_.url = options_.request.url;
    result_.open_model = options_.rate > 0;
    result_.rate = options_.rate;
    result_.connections = options_.connections;
    if (plan->dns_us > 0) result_.phases["dns"].record(plan->dns_us);

    start_ = Clock::now();
    measured_from_ = start_ + options_.warmup;
    const bool timed = options_.duration.count() > 0;
    end_ = measured_from_ + options_.duration;
    window_.second.second = 0;
    while (true) {
      auto now = Clock::now();
      if (options_.stop && options_.stop->load()) result_.interrupted = true;
      bool stopping = result_.interrupted || (timed && now >= end_) ||
                      (options_.max_requests > 0 && counted_started_ >= static_cast<std::uint64_t>(options_.max_requests));
      if (!stopping) {
        if (auto ok = issue(now); !ok) return std::unexpected(ok.error());
      }
      if (stopping && in_flight_ == 0) break;
      int still = 0;
      if (curl_multi_perform(multi_.get(), &still) != CURLM_OK) {
        return fail(ErrorKind::internal, "curl_multi_perform failed", options_.request.url);
      }
      reap();
      flush_seconds(Clock::now());
      curl_multi_poll(multi_.get(), nullptr, 0, poll_ms(stopping, timed), nullptr);
    }
    flush_seconds(Clock::now());
    if (window_.second.completed > 0) emit_second();
    auto last = last_done_ > measured_from_ ? last_done_ : measured_from_;
    result_.elapsed_s = std::chrono::duration<double>(last - measured_from_).count();
    if (result_.open_model && timed) {
      // Requests the timetable called for that never got a connection before the end.
      // Indices k with k / rate < the run's length: ceil(length * rate) of them.
      auto due_by_end = static_cast<std::uint64_t>(std::ceil(std::chrono::duration<double>(end_ - start_).count() * options_.rate));
      result_.unsent = due_by_end > next_ ? due_by_end - next_ : 0;
    }
    return std::move(result_);
  }

 private:
  struct Slot {
    std::unique_ptr<Transfer> transfer;
    std::optional<HopPlan> plan;
    Clock::time_point due, started;
    bool counted = false;
  };

  // How long to sleep in curl_multi_poll (socket activity wakes it sooner): until the next request
  // is due (open model), not at all when a closed-model connection is free, never past the end.
  int poll_ms(bool stopping, bool timed) const {
    std::int64_t ms = 100;
    if (stopping) return static_cast<int>(ms);
    if (!free_.empty()) ms = result_.open_model ? micros(due(next_) - Clock::now()) / 1000 : 0;
    if (timed) ms = std::min(ms, micros(end_ - Clock::now()) / 1000);
    return static_cast<int>(std::clamp<std::int64_t>(ms, 0, 100));
  }

  Clock::time_point due(std::uint64_t index) const {
    auto offset = std::chrono::duration<double>(static_cast<double>(index) / options_.rate);
    return start_ + std::chrono::duration_cast<Clock::duration>(offset);
  }

  Result<void> issue(Clock::time_point now) {
    while (!free_.empty()) {
      if (options_.max_requests > 0 && counted_started_ >= static_cast<std::uint64_t>(options_.max_requests)) break;
      Clock::time_point when = now;
      if (result_.open_model) {
        when = due(next_);
        if (when > now) break;
        ++next_;
      }
      if (auto ok = start(when); !ok) return ok;
    }
    return {};
  }

  // Starts a request due at `due_at` on a free slot.
  Result<void> start(Clock::time_point due_at) {
    Slot& slot = *free_.back();
    free_.pop_back();
    auto now = Clock::now();
    if (!slot.plan) {  // the first request of this slot sets every option; later ones reuse them
      slot.plan.emplace(options_.request, now);
      if (auto ok = slot.transfer->prepare(options_.request, *slot.plan, options_.request.timeout, resolve_); !ok) {
        return ok;
      }
      slot.transfer->make_lean();
      curl_easy_setopt(slot.transfer->get(), CURLOPT_PRIVATE, static_cast<void*>(&slot));
    } else {
      slot.transfer->rearm();
    }
    slot.due = due_at;
    slot.started = now;
    slot.counted = due_at >= measured_from_;
    if (slot.counted) ++counted_started_;
    else ++result_.warmup_requests;
    ++result_.sent;
    ++in_flight_;
    slot.transfer->start_clock();
    curl_multi_add_handle(multi_.get(), slot.transfer->get());
    return {};
  }

  void reap() {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* data = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &data);
      auto& slot = *static_cast<Slot*>(data);
      CURLcode code = msg->data.result;
      auto done = Clock::now();
      curl_multi_remove_handle(multi_.get(), msg->easy_handle);
      free_.push_back(&slot);
      --in_flight_;
      if (!slot.counted) continue;
      last_done_ = done;
      flush_seconds(done);
      ++result_.completed;
      ++window_.second.completed;
      bool failed = false;
      if (code != CURLE_OK) {
        ++result_.errors[error_class(code)];
        failed = true;
      } else if (auto hop = slot.transfer->collect(code, 0, true)) {
        long status = hop->status;
        ++result_.statuses[std::to_string(std::clamp(status / 100, 1L, 5L)) + "xx"];
        failed = status >= 400;
        for (const auto& field : k_phase_fields) {
          if (field.name == "dns" || field.name == "queue") continue;  // dns: once, above
          result_.phases[std::string(field.name)].record(ms_to_us(hop->phases.*field.member));
        }
      }
      if (failed) ++window_.second.failed;
      auto corrected = micros(done - slot.due);
      result_.latency.record(corrected);
      result_.latency_uncorrected.record(micros(done - slot.started));
      window_.latencies.push_back(corrected);
    }
  }

  // Closes every second that ended before `now`, quiet ones included (a stall shows as zeros).
  void flush_seconds(Clock::time_point now) {
    auto current = static_cast<int>(micros(now - start_) / 1'000'000);
    while (window_.second.second < current) emit_second();
  }

  void emit_second() {
    LoadSecond closed = window_.close();
    result_.seconds.push_back(closed);
    if (on_second_) on_second_(closed);
    window_ = SecondWindow{};
    window_.second.second = closed.second + 1;
  }

  const LoadOptions& options_;
  const std::function<void(const LoadSecond&)>& on_second_;
  net::MultiHandle multi_;
  std::vector<Slot> slots_;  // after multi_: easy handles are cleaned up first
  std::vector<Slot*> free_;  // slots with no request in flight; the last one is used next
  std::vector<std::string> resolve_;
  LoadResult result_;
  SecondWindow window_;
  Clock::time_point start_, measured_from_, end_, last_done_;
  std::uint64_t next_ = 0, counted_started_ = 0;
  int in_flight_ = 0;
};

}  // namespace

std::uint64_t LoadResult::failed() const {
  std::uint64_t n = 0;
  for (const auto& [kind, count] : errors) n += count;
  for (const auto& [status_class, count] : statuses) {
    if (status_class == "4xx" || status_class == "5xx") n += count;
  }
  return n;
}

double LoadResult::fail_rate() const {
  return completed ? static_cast<double>(failed()) / static_cast<double>(completed) : 0.0;
}

double LoadResult::rps() const { return elapsed_s > 0 ? static_cast<double>(completed) / elapsed_s : 0.0; }

std::string error_class(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_CONNECT: return "connect-refused";
    case CURLE_OPERATION_TIMEDOUT: return "timeout";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return "dns";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return "reset";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return "tls";
    default: return "other";
  }
}

Result<LoadResult> run_load(const LoadOptions& options, const std::function<void(const LoadSecond&)>& on_second) {
  if (options.duration.count() <= 0 && options.max_requests <= 0) {
    return fail(ErrorKind::usage, "a load run needs --duration or -n");
  }
  if (options.connections < 1 || options.connections > 10000) {
    return fail(ErrorKind::usage, "--connections must be 1 to 10000", std::to_string(options.connections));
  }
  if (options.rate < 0 || std::isnan(options.rate) || options.rate > 1e6) {
    return fail(ErrorKind::usage, "--rate must be above 0 and at most 1000000/s");
  }
  return LoadRun(options, on_second).run();
}

}  // namespace sonde::timing
