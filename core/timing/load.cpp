#include "core/timing/load.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <thread>

#include "core/net/curl_handle.hpp"
#include "core/timing/hop_plan.hpp"
#include "core/timing/load_seconds.hpp"
#include "core/timing/resolve_plan.hpp"
#include "core/timing/target.hpp"
#include "core/timing/transfer.hpp"

namespace sonde::timing {

namespace {

using Clock = std::chrono::steady_clock;
using detail::SecondsCollector;
using detail::SecondWindow;

std::int64_t micros(Clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

std::int64_t ms_to_us(double ms) { return std::llround(ms * 1000.0); }

// The phases recorded per request (dns is measured once per run; queue does not apply).
constexpr std::array<PhaseField, 6> k_recorded{{
    {"connect", &Phases::connect},
    {"tls", &Phases::tls},
    {"send", &Phases::send},
    {"wait", &Phases::wait},
    {"transfer", &Phases::transfer},
    {"total", &Phases::total},
}};

// What every worker thread reads (and the abort flag they all watch).
struct Shared {
  const LoadOptions& options;
  std::vector<std::string> resolve;  ///< CURLOPT_RESOLVE entries from the one lookup
  Clock::time_point start, measured_from, end;
  bool timed = false;
  SecondsCollector& seconds;
  std::atomic<bool> abort{false};  ///< a worker failed: the others stop
};

// One thread's part of the run: its connections, and in the open model every stride-th request
// of the timetable starting at `offset`, so the threads' requests interleave evenly.
struct Share {
  int connections = 1;
  std::uint64_t offset = 0, stride = 1;
  std::uint64_t max_requests = 0;  ///< 0: no cap
};

struct WorkerOutcome {
  LoadResult part;  ///< counts, histograms and classes; no seconds (the collector has them)
  Clock::time_point last_done;
};

// Drives one multi handle: its connections, its share of the timetable, its histograms.
class LoadWorker {
 public:
  LoadWorker(Shared& shared, Share share)
      : shared_(shared), options_(shared.options), share_(share), multi_(net::make_multi()),
        slots_(static_cast<std::size_t>(share.connections) * static_cast<std::size_t>(shared.options.streams)) {
    const bool h1 = options_.request.http_version != HttpVersion::http2;
    curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, h1 ? CURLPIPE_NOTHING : CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(share.connections));
    curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(share.connections));
    for (auto& slot : slots_) {
      slot.transfer = std::make_unique<Transfer>(net::make_easy());
      free_.push_back(&slot);
    }
    open_model_ = options_.rate > 0;
    last_done_ = shared.measured_from;
  }

  Result<WorkerOutcome> run() {
    while (true) {
      auto now = Clock::now();
      if (options_.stop && options_.stop->load()) result_.interrupted = true;
      bool stopping = result_.interrupted || shared_.abort.load() || (shared_.timed && now >= shared_.end) ||
                      (share_.max_requests > 0 && counted_started_ >= share_.max_requests);
      if (!stopping) {
        if (auto ok = issue(now); !ok) {
          shared_.abort.store(true);
          return std::unexpected(ok.error());
        }
      }
      if (stopping && in_flight_ == 0) break;
      int still = 0;
      if (curl_multi_perform(multi_.get(), &still) != CURLM_OK) {
        shared_.abort.store(true);
        return fail(ErrorKind::internal, "curl_multi_perform failed", options_.request.url);
      }
      reap();
      flush_seconds(Clock::now());
      curl_multi_poll(multi_.get(), nullptr, 0, poll_ms(stopping), nullptr);
    }
    flush_seconds(Clock::now());
    shared_.seconds.hand_over(std::move(window_));  // the last, partial second
    if (open_model_ && shared_.timed) result_.unsent = unsent();
    for (std::size_t i = 0; i < k_recorded.size(); ++i) {
      if (phases_[i].count()) result_.phases[std::string(k_recorded[i].name)] = std::move(phases_[i]);
    }
    for (std::size_t i = 0; i < statuses_.size(); ++i) {
      if (statuses_[i]) result_.statuses[std::to_string(i + 1) + "xx"] = statuses_[i];
    }
    constexpr const char* k_versions[] = {"1.1", "2", "3"};  // 1.0 answers count as 1.1
    for (std::size_t i = 0; i < versions_.size(); ++i) {
      if (versions_[i]) result_.versions[k_versions[i]] = versions_[i];
    }
    return WorkerOutcome{std::move(result_), last_done_};
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
  int poll_ms(bool stopping) const {
    std::int64_t ms = 100;
    if (stopping) return static_cast<int>(ms);
    if (!free_.empty()) ms = open_model_ ? micros(due(next_) - Clock::now()) / 1000 : 0;
    if (shared_.timed) ms = std::min(ms, micros(shared_.end - Clock::now()) / 1000);
    return static_cast<int>(std::clamp<std::int64_t>(ms, 0, 100));
  }

  // When this worker's k-th request is due: the timetable's request k * stride + offset.
  Clock::time_point due(std::uint64_t k) const {
    double index = static_cast<double>(k * share_.stride + share_.offset);
    auto offset = std::chrono::duration<double>(index / options_.rate);
    return shared_.start + std::chrono::duration_cast<Clock::duration>(offset);
  }

  // This worker's requests due before the end that never got a connection: its indices k with
  // (k * stride + offset) / rate < the run's length.
  std::uint64_t unsent() const {
    double slots = std::chrono::duration<double>(shared_.end - shared_.start).count() * options_.rate;
    double offset = static_cast<double>(share_.offset);
    if (slots <= offset) return 0;
    auto due_by_end = static_cast<std::uint64_t>(std::ceil((slots - offset) / static_cast<double>(share_.stride)));
    return due_by_end > next_ ? due_by_end - next_ : 0;
  }

  Result<void> issue(Clock::time_point now) {
    while (!free_.empty()) {
      if (share_.max_requests > 0 && counted_started_ >= share_.max_requests) break;
      Clock::time_point when = now;
      if (open_model_) {
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
      if (auto ok = slot.transfer->prepare(options_.request, *slot.plan, options_.request.timeout, shared_.resolve);
          !ok) {
        return ok;
      }
      slot.transfer->make_lean();
      // HTTP/2: wait for a connection's free stream rather than open a connection per request.
      if (options_.streams > 1) curl_easy_setopt(slot.transfer->get(), CURLOPT_PIPEWAIT, 1L);
      curl_easy_setopt(slot.transfer->get(), CURLOPT_PRIVATE, static_cast<void*>(&slot));
    } else {
      slot.transfer->rearm();
    }
    slot.due = due_at;
    slot.started = now;
    slot.counted = due_at >= shared_.measured_from;
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
      ++window_.completed;
      bool failed = false;
      if (code != CURLE_OK) {
        ++result_.errors[error_class(code)];
        failed = true;
      } else {
        auto outcome = slot.transfer->outcome();
        ++statuses_[static_cast<std::size_t>(std::clamp(outcome.status / 100, 1L, 5L) - 1)];
        result_.connections_opened += static_cast<std::uint64_t>(std::max(0L, outcome.new_connections));
        ++versions_[outcome.http_version == CURL_HTTP_VERSION_2_0 ? 1 : outcome.http_version == CURL_HTTP_VERSION_3 ? 2 : 0];
        failed = outcome.status >= 400;
        for (std::size_t i = 0; i < k_recorded.size(); ++i) {
          phases_[i].record(ms_to_us(outcome.phases.*k_recorded[i].member));
        }
      }
      if (failed) ++window_.failed;
      auto corrected = micros(done - slot.due);
      result_.latency.record(corrected);
      result_.latency_uncorrected.record(micros(done - slot.started));
      window_.latencies.push_back(corrected);
    }
  }

  // Hands over every second that ended before `now`, quiet ones included (a stall shows as zeros).
  void flush_seconds(Clock::time_point now) {
    auto current = static_cast<int>(micros(now - shared_.start) / 1'000'000);
    while (window_.second < current) {
      int next = window_.second + 1;
      shared_.seconds.hand_over(std::move(window_));
      window_ = SecondWindow{};
      window_.second = next;
    }
  }

  Shared& shared_;
  const LoadOptions& options_;
  Share share_;
  bool open_model_ = false;
  net::MultiHandle multi_;
  std::vector<Slot> slots_;  // after multi_: easy handles are cleaned up first
  std::vector<Slot*> free_;  // slots with no request in flight; the last one is used next
  LoadResult result_;
  // Per request, by position rather than by name: no string or map lookup on the hot path.
  std::array<Histogram, k_recorded.size()> phases_;
  std::array<std::uint64_t, 5> statuses_{};  // 1xx..5xx
  std::array<std::uint64_t, 3> versions_{};  // 1.x, 2, 3
  SecondWindow window_;
  Clock::time_point last_done_;
  std::uint64_t next_ = 0, counted_started_ = 0;
  int in_flight_ = 0;
};

// Adds a worker's counts and histograms to the run's.
void merge_into(LoadResult& total, const LoadResult& part) {
  total.sent += part.sent;
  total.completed += part.completed;
  total.warmup_requests += part.warmup_requests;
  total.unsent += part.unsent;
  total.interrupted = total.interrupted || part.interrupted;
  total.latency.merge(part.latency);
  total.latency_uncorrected.merge(part.latency_uncorrected);
  for (const auto& [name, h] : part.phases) total.phases[name].merge(h);
  for (const auto& [name, n] : part.statuses) total.statuses[name] += n;
  for (const auto& [name, n] : part.errors) total.errors[name] += n;
  for (const auto& [name, n] : part.versions) total.versions[name] += n;
  total.connections_opened += part.connections_opened;
}

// Threads: one per core by default, never more than connections (or the request cap).
int thread_count(const LoadOptions& options) {
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, options.connections);
  if (options.max_requests > 0) threads = static_cast<int>(std::min<std::int64_t>(threads, options.max_requests));
  return std::max(threads, 1);
}

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
  if (options.streams < 1 || options.streams > 1000) {
    return fail(ErrorKind::usage, "--streams must be 1 to 1000", std::to_string(options.streams));
  }
  if (options.streams > 1 && options.request.http_version != HttpVersion::http2) {
    return fail(ErrorKind::usage, "--streams needs --http2 (HTTP/1.1 sends one request at a time per connection)");
  }
  if (options.threads < 0 || options.threads > 256) {
    return fail(ErrorKind::usage, "--threads must be 1 to 256", std::to_string(options.threads));
  }
  if (options.rate < 0 || std::isnan(options.rate) || options.rate > 1e6) {
    return fail(ErrorKind::usage, "--rate must be above 0 and at most 1000000/s");
  }
  auto target = parse_target(options.request.url);
  if (!target) return std::unexpected(target.error());
  AddressCache cache;
  auto plan = plan_resolution(options.request, *target, cache);  // once: every request reuses it
  if (!plan) return std::unexpected(plan.error());

  const int threads = thread_count(options);
  SecondsCollector seconds(threads, on_second);
  Shared shared{options, plan->entries, {}, {}, {}, options.duration.count() > 0, seconds, {}};
  shared.start = Clock::now();
  shared.measured_from = shared.start + options.warmup;
  shared.end = shared.measured_from + options.duration;

  auto n = static_cast<std::uint64_t>(threads);
  auto max = static_cast<std::uint64_t>(std::max<std::int64_t>(0, options.max_requests));
  std::vector<std::optional<Result<WorkerOutcome>>> outcomes(n);
  {
    std::vector<std::jthread> pool;
    for (std::uint64_t i = 0; i < n; ++i) {
      Share share;
      share.connections = options.connections / threads + (static_cast<int>(i) < options.connections % threads ? 1 : 0);
      share.offset = i;
      share.stride = n;
      share.max_requests = max ? max / n + (i < max % n ? 1 : 0) : 0;
      pool.emplace_back([&shared, share, &slot = outcomes[i]] { slot = LoadWorker(shared, share).run(); });
    }
  }  // joined

  LoadResult result;
  result.url = options.request.url;
  result.open_model = options.rate > 0;
  result.rate = options.rate;
  result.connections = options.connections;
  result.threads = threads;
  result.streams = options.streams;
  if (plan->dns_us > 0) result.phases["dns"].record(plan->dns_us);
  Clock::time_point last = shared.measured_from;
  for (auto& outcome : outcomes) {
    if (!*outcome) return std::unexpected((*outcome).error());
    merge_into(result, (**outcome).part);
    last = std::max(last, (**outcome).last_done);
  }
  result.seconds = seconds.finish();
  result.elapsed_s = std::chrono::duration<double>(last - shared.measured_from).count();
  return result;
}

}  // namespace sonde::timing
