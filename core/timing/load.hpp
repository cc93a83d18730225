#pragma once
/// `sonde time` under load: many requests for a duration, in the closed model (each connection
/// sends its next request when the last one finished) or the open model (requests start on a
/// fixed timetable, whatever the server does). In the open model latency is measured from the
/// moment a request was due, not from when a free connection finally sent it: a server that
/// stalls makes every request behind it late, and that lateness is what users feel. Measuring
/// from the send instead hides it ("coordinated omission"; wrk2 and oha --latency-correction do
/// the same correction). Prints nothing; the CLI renders the result.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/timing/histogram.hpp"
#include "core/timing/options.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

struct LoadOptions {
  RequestOptions request;
  std::chrono::microseconds duration{0};  ///< 0: until max_requests
  std::chrono::microseconds warmup{0};    ///< requests due before this are sent, not counted
  int connections = 1;                    ///< closed: senders; open: most requests in flight
  int threads = 0;                        ///< 0: one per core (never more than connections)
  int streams = 1;                        ///< HTTP/2: requests multiplexed on each connection
  double rate = 0;                        ///< requests per second; 0 is the closed model
  std::int64_t max_requests = 0;          ///< 0: until duration (one of the two is needed)
  const std::atomic<bool>* stop = nullptr;  ///< set (by SIGINT) to end early with what there is
};

/// One second of the run, for --report-timeseries and live progress.
struct LoadSecond {
  int second = 0;               ///< since the start, warm-up included
  std::uint64_t completed = 0;  ///< requests that finished in this second
  std::uint64_t failed = 0;     ///< transport errors and status >= 400 among them
  std::int64_t p50_us = 0, p99_us = 0;
};

struct LoadResult {
  std::string url;
  bool open_model = false;
  double rate = 0;                ///< the rate asked for (open model)
  int connections = 0;
  int threads = 0;                ///< worker threads, each with its share of the connections
  double elapsed_s = 0;           ///< measured part: from the end of the warm-up to the last answer
  std::uint64_t sent = 0;         ///< requests started, warm-up included
  std::uint64_t completed = 0;    ///< counted requests that finished (answered or failed)
  std::uint64_t warmup_requests = 0;
  std::uint64_t unsent = 0;       ///< open model: due before the end, never sent (no free connection)
  Histogram latency;              ///< open: from when each request was due; closed: from its start
  Histogram latency_uncorrected;  ///< from when each request was handed to libcurl
  std::map<std::string, Histogram> phases;       ///< dns, connect, tls, send, wait, transfer, total
  std::map<std::string, std::uint64_t> statuses;  ///< "2xx".."5xx"
  std::map<std::string, std::uint64_t> errors;    ///< connect-refused, timeout, reset, tls, dns, other
  std::map<std::string, std::uint64_t> versions;  ///< answered requests by HTTP version: "1.1", "2"
  std::uint64_t connections_opened = 0;  ///< new connections (TCP, and TLS for https) over the run
  int streams = 1;
  std::vector<LoadSecond> seconds;
  bool interrupted = false;

  std::uint64_t failed() const;   ///< transport errors plus statuses >= 400
  double fail_rate() const;       ///< failed / completed (0 when nothing completed)
  double rps() const;             ///< completed / elapsed_s
};

/// The error class of a libcurl result, as counted in LoadResult::errors.
std::string error_class(int curl_code);

/// Runs the load; usage errors (no duration and no count, a rate of 0...) and a URL that cannot
/// be resolved are errors; failed requests are counted, not errors.
Result<LoadResult> run_load(const LoadOptions& options,
                            const std::function<void(const LoadSecond&)>& on_second = {});

}  // namespace sonde::timing
