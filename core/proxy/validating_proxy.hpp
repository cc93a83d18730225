#pragma once
/// `sonde check --proxy`: a reverse proxy between clients and the real service that forwards every
/// exchange unchanged and checks both halves against the description as they pass: what the
/// request sent (core/check/request_check.hpp) and what the response answered
/// (core/check/exchange.hpp). With no upstream base it is a forward proxy (clients set HTTP_PROXY
/// and send absolute URLs); CONNECT tunnels are refused (501), their exchanges could not be read.
/// Results go to a scratch file (core/check/result_spool.hpp) for the reports written at the end,
/// so memory stays flat however long the proxy runs; each one is also handed to a callback as it
/// happens (the CLI prints its violations). With `refuse_invalid`
/// (--errors), a request that breaks its contract is answered 422 problem+json and never forwarded.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/check/check_run.hpp"
#include "core/check/exchange.hpp"
#include "core/check/request_check.hpp"
#include "core/check/result_spool.hpp"
#include "core/mock/exchange.hpp"
#include "core/proxy/traffic_har.hpp"
#include "core/proxy/upstream.hpp"
#include "core/util/redaction.hpp"

namespace sonde::proxy {

struct ProxyOptions {
  UpstreamOptions upstream;
  bool refuse_invalid = false;  ///< --errors
  bool record_traffic = false;  ///< record every exchange for --report-har
  /// Where recorded exchanges go as they pass (the CLI's HarWriter, so nothing is held); called
  /// on the proxy's worker threads, at once, so it must be thread-safe. Unset, they are kept for
  /// traffic() (bodies whole: memory grows with the run).
  std::function<void(const RecordedExchange&)> on_traffic;
  bool violations_header = false;  ///< --violations-header: answers carry Sonde-Violations: N
  /// How recorded URLs are kept (credentials in them masked before they reach the scratch file,
  /// which may sit on disk for hours); the callbacks still get them as they came.
  Redactor redactor;
  /// How a request reaches the service: `forward`, over libcurl. Replaced only by the fuzz target
  /// (fuzz/proxy_exchange_fuzz.cpp), which answers in-process so millions of inputs need no socket.
  std::function<Result<mock::MockResponse>(const mock::MockRequest&, const UpstreamOptions&)> send = forward;
};

class ValidatingProxy {
 public:
  using OnResult = std::function<void(const check::ExchangeResult&)>;
  using OnError = std::function<void(const check::CheckError&)>;

  /// `doc` and `checker` must outlive the proxy.
  static Result<std::unique_ptr<ValidatingProxy>> create(const openapi::Document& doc, check::ContractChecker& checker,
                                                         ProxyOptions options, OnResult on_result = {},
                                                         OnError on_error = {});

  /// Forwards and checks one exchange (called on the server's worker threads).
  mock::MockResponse handle(const mock::MockRequest& request);

  // handle() in steps, for a server that forwards on its own (the event loop of
  // core/proxy/proxy_server.hpp): target(), then admit() once the body is held (or known to be
  // passed on unread), then the upstream's answer to finish().

  /// When the exchange started (for its recorded time).
  struct Started {
    std::chrono::system_clock::time_point at = std::chrono::system_clock::now();
    std::chrono::steady_clock::time_point clock = std::chrono::steady_clock::now();
  };
  /// What cannot be forwarded whatever its body (a CONNECT tunnel, a target the proxy cannot
  /// place), answered and recorded as an error of the run; nothing when it can be forwarded.
  std::optional<mock::MockResponse> refuse_untargetable(const mock::MockRequest& request, const Started& started);
  /// The request's own violations, before forwarding (its body's content too unless
  /// `body_unread`); with --errors, a request that has any is answered 422 here instead
  /// (`answered`), recorded, and must not be forwarded.
  struct Admission {
    std::vector<check::ExchangeViolation> sent;
    std::optional<mock::MockResponse> answered;
  };
  Admission admit(const mock::MockRequest& request, bool body_unread, const Started& started);
  /// Checks the upstream's answer (or its failure: a 502) with the request's violations, records
  /// it and returns what the client gets. An answer whose body is passed on unread carries a
  /// `stream` (any BodyStream: only its presence is read). `streamed_request_bytes`: the request
  /// body was passed on unread, this many bytes.
  mock::MockResponse finish(const mock::MockRequest& request, std::vector<check::ExchangeViolation> sent,
                            Result<mock::MockResponse> answered, const Started& started,
                            std::optional<std::uint64_t> streamed_request_bytes = std::nullopt) {
    return conclude(request, std::move(sent), std::move(answered), started.at, started.clock, streamed_request_bytes);
  }
  /// A body being passed on to the client was cut (the upstream reset or went silent): an error of the run.
  void passed_on_failure(const mock::MockRequest& request, const Error& why) {
    options_.upstream.on_passed_on_failure(request, why);
  }
  const UpstreamOptions& upstream() const { return options_.upstream; }

  /// Everything checked, in arrival order, with the coverage of the description: at the end of a
  /// run (what passes afterwards is forwarded but no longer recorded). Only once no exchange is
  /// under way (the server has stopped): an exchange writing out the spool meanwhile would leave a
  /// hole the read-back refuses.
  std::unique_ptr<check::ResultSpool> take_run();

  /// The exchanges as they passed (record_traffic without on_traffic), in arrival order, as the
  /// client saw them.
  std::vector<RecordedExchange> traffic() const;

 private:
  ValidatingProxy(check::ContractChecker& checker, ProxyOptions options, OnResult on_result, OnError on_error)
      : checker_(checker),
        options_(std::move(options)),
        on_result_(std::move(on_result)),
        on_error_(std::move(on_error)),
        spool_(std::make_unique<check::ResultSpool>()) {}
  void record(check::ExchangeResult result);
  /// Adds a result or error to the spool under the lock; writes the spool out outside it.
  template <class Record>
  void spool(const Record& record);
  /// An exchange answered by the proxy itself (not forwardable, or the upstream failed): an error of the run.
  void refuse(const mock::MockRequest& request, const Error& why, mock::MockResponse response,
              std::chrono::system_clock::time_point started, std::chrono::steady_clock::time_point clock);
  void keep(const mock::MockRequest& request, const mock::MockResponse& response,
            std::chrono::system_clock::time_point started, std::chrono::steady_clock::time_point clock,
            bool request_body_streamed = false);
  /// The request's own violations (its body's content too unless `body_unread`).
  std::vector<check::ExchangeViolation> check_request(const mock::MockRequest& request, bool body_unread);
  /// --errors: a 422 problem+json listing `sent`, the request not forwarded.
  mock::MockResponse refuse_invalid(const mock::MockRequest& request, std::vector<check::ExchangeViolation> sent,
                                    std::chrono::system_clock::time_point started,
                                    std::chrono::steady_clock::time_point clock);
  /// A request whose body the server left unread: held and checked when a check reads it and it
  /// fits, otherwise forwarded as it arrives (StreamingForward) with its head checked.
  mock::MockResponse relay(const mock::MockRequest& incoming, std::chrono::system_clock::time_point started,
                           std::chrono::steady_clock::time_point clock);
  /// 502: the upstream could not be reached or failed; an error of the run.
  mock::MockResponse gateway(const mock::MockRequest& request, const Error& why,
                             std::chrono::system_clock::time_point started, std::chrono::steady_clock::time_point clock);
  /// Checks the upstream's answer (with the request's violations `sent`), records and returns it.
  /// `streamed_request_bytes`: the request's body was passed on as it arrived (this many bytes),
  /// unread, so neither checked nor recorded.
  mock::MockResponse conclude(const mock::MockRequest& request, std::vector<check::ExchangeViolation> sent,
                              Result<mock::MockResponse> answered, std::chrono::system_clock::time_point started,
                              std::chrono::steady_clock::time_point clock,
                              std::optional<std::uint64_t> streamed_request_bytes = std::nullopt);

  check::ContractChecker& checker_;
  std::unique_ptr<check::RequestContract> requests_;
  ProxyOptions options_;
  OnResult on_result_;
  OnError on_error_;
  mutable std::mutex mutex_;  ///< guards spool_ and traffic_
  std::unique_ptr<check::ResultSpool> spool_;
  std::vector<RecordedExchange> traffic_;
};

}  // namespace sonde::proxy
