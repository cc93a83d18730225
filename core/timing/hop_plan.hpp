#pragma once
/// One run of `sonde time` across its redirect hops: what the next hop sends (URL, method, body,
/// headers) and how long it may take. Shared by the sequential and the concurrent runner.
///
/// Credentials never follow a redirect to another origin (scheme, host or port), as curl does
/// since 7.83: every header the redaction policy calls a secret (Authorization, Cookie,
/// Proxy-Authorization, API keys...) is dropped from then on, unless --location-trusted.
/// The run's --timeout covers all its hops, so a redirect loop ends by the deadline, not by
/// --max-redirs alone (curl's --max-time behaves the same).
#include <chrono>
#include <string>
#include <vector>

#include "core/timing/options.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

class HopPlan {
 public:
  using Clock = std::chrono::steady_clock;

  HopPlan(const RequestOptions& options, Clock::time_point start);

  const std::string& url() const { return url_; }
  const std::string& method() const { return method_; }
  bool send_body() const { return send_body_; }
  const std::vector<std::string>& headers() const { return headers_; }
  /// Names of the credential headers withheld since the run left its first origin.
  const std::vector<std::string>& dropped() const { return dropped_; }

  /// The time the next hop may take: what is left of the run's --timeout. A runtime error
  /// (exit 4) naming the hops followed when nothing is left.
  Result<std::chrono::milliseconds> budget(Clock::time_point now) const;

  /// After a hop answered `status` with `location`: true when the run goes on there (and the
  /// plan now describes that hop), false when the run ends with this hop.
  bool follow(long status, const std::string& location);

 private:
  const RequestOptions& options_;
  Clock::time_point deadline_;
  std::string url_, method_;
  bool send_body_ = true;
  std::vector<std::string> headers_, dropped_;
  long followed_ = 0;
};

/// True when both absolute URLs have the same scheme, host (case-insensitive) and port.
bool same_origin(const std::string& a, const std::string& b);

}  // namespace sonde::timing
