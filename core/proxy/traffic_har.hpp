#pragma once
/// The traffic that passed through the proxy as a HAR 1.2 document (--report-har): what other
/// tools (browsers, sonde check --har, sonde diff --traffic, sonde replay) read back. Credentials
/// are masked by the one redaction policy (core/util/redaction.hpp), in bodies too
/// (core/util/body_redaction.hpp); a body that is not UTF-8 is
/// written base64 with "encoding": "base64".
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/mock/exchange.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/redaction.hpp"

namespace sonde::proxy {

struct RecordedExchange {
  std::string url;  ///< the upstream URL the request went to
  mock::MockRequest request;
  mock::MockResponse response;  ///< status 0: no answer (the upstream could not be reached)
  std::chrono::system_clock::time_point started;
  double time_ms = 0;
  bool body_streamed = false;  ///< the answer's body was passed on as it arrived, not recorded
  bool request_body_streamed = false;  ///< the request's body was passed on as it arrived, not recorded
};

std::string to_har(const std::vector<RecordedExchange>& exchanges, const Redactor& redactor);

/// --report-har as the traffic passes: each exchange is written out when it is added (nothing is
/// held), and the file appears under its name, whole, when finish() succeeds; a writer dropped
/// before that leaves no file (core/util/atomic_file.hpp). The same document as to_har().
/// add() may be called from many threads: the entry is made (bodies base64-encoded, secrets
/// masked) on the caller's thread, and only its writing is serialized, so the proxy's workers do
/// not queue behind one another's encoding.
class HarWriter {
 public:
  static Result<HarWriter> open(const std::string& path, Redactor redactor);
  /// Writes one exchange. Returns the write error the first time writing fails (a full disk), so
  /// the caller can say so while the run goes on; nullopt otherwise. Once writing has failed,
  /// exchanges are dropped without being encoded, and finish() reports the error.
  std::optional<Error> add(const RecordedExchange& exchange);
  Result<void> finish();

 private:
  HarWriter(AtomicFileWriter file, Redactor redactor)
      : file_(std::move(file)), redactor_(std::move(redactor)), mutex_(std::make_unique<std::mutex>()) {}
  AtomicFileWriter file_;
  Redactor redactor_;
  std::unique_ptr<std::mutex> mutex_;  ///< boxed: the writer is returned by value
  std::size_t entries_ = 0;
  bool failure_told_ = false;
};

}  // namespace sonde::proxy
