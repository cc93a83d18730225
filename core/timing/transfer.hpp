#pragma once
/// One libcurl easy handle prepared for one hop of `sonde time`: sonde's own resolve entries,
/// the debug hooks that time the request and the response, and the read-out of libcurl's infos.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/net/curl_handle.hpp"
#include "core/net/curl_error.hpp"
#include "core/timing/hop_plan.hpp"
#include "core/timing/options.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

/// Where the debug callback writes; microseconds since `origin`.
struct DebugMarks {
  std::chrono::steady_clock::time_point origin;
  std::optional<std::int64_t> first_out_us, last_out_us, first_in_us;
  TlsInfo tls;  ///< version, cipher and ALPN from the handshake lines
  std::vector<std::string> attempts;  ///< addresses libcurl tried to connect to, in order
  std::int64_t body_bytes = 0;
};

class Transfer {
 public:
  /// Keeps `handle` (so a warm run reuses its connection cache).
  explicit Transfer(net::EasyHandle handle);

  /// Sets every option for the hop `plan` describes, which may take `budget`. `resolve` are
  /// CURLOPT_RESOLVE entries from sonde's lookup.
  Result<void> prepare(const RequestOptions& options, const HopPlan& plan, std::chrono::milliseconds budget,
                       const std::vector<std::string>& resolve);

  /// Marks the moment the transfer is handed to libcurl (the origin of the debug marks).
  void start_clock();

  /// For load runs, after prepare(): no debug callback and no certificate chain, so a request
  /// costs libcurl's work only; send and wait then split at libcurl's pretransfer and
  /// starttransfer marks (exact for HTTP/1.1; see to_phases).
  void make_lean();

  /// Sends the same request again on the same handle: every option stays set, only the marks
  /// of the last exchange are cleared.
  void rearm();

  /// After a successful exchange, what a load run records: the status and the phases (collect()
  /// also builds the hop's record: URL, peer, TLS, attempts, which a load run does not keep).
  struct Outcome {
    long status = 0;
    Phases phases;
    long new_connections = 0;  ///< connections libcurl opened for this exchange (0: reused)
    long http_version = 0;     ///< CURL_HTTP_VERSION_*
  };
  Outcome outcome() const;

  /// After libcurl finished: the hop, or the transfer error (exit 4, with words for TLS).
  /// `dns_us`: sonde's lookup before the hop; `measure_queue`: the transfer sat in a multi handle.
  Result<Hop> collect(CURLcode code, std::int64_t dns_us, bool measure_queue);

  CURL* get() const { return handle_.get(); }

 private:
  net::EasyHandle handle_;
  net::Slist headers_, resolve_, connect_to_;
  std::string body_, url_, method_;
  DebugMarks marks_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

/// libcurl's CURLINFO_HTTP_VERSION as "1.0", "1.1", "2", "3" ("" if unknown).
std::string http_version_name(long curl_version);

}  // namespace sonde::timing
