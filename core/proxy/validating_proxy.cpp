#include "core/proxy/validating_proxy.hpp"

#include <exception>
#include <utility>

#include "core/mock/problem.hpp"
#include "core/net/curl_error.hpp"

namespace sonde::proxy {

namespace {

// Why a check of a passed-on answer stopped at its head.
std::string streamed_note(const std::string& method, int status, const mock::HeaderList& headers) {
  if (hold_body(method, status, headers, std::nullopt)) {
    return "the body passed " + std::to_string(net::k_max_kept_body >> 20) +
           " MiB, too large to hold, and was passed on unread; only the status and headers were checked";
  }
  return "the body was passed on as it arrived, unread (not JSON, and not announced as at most 1 MiB); "
         "only the status and headers were checked";
}

}  // namespace

namespace {

check::CheckError masked(check::CheckError error, const Redactor& redactor) {
  error.url = redactor.shown_url(error.url);
  return error;
}

}  // namespace

Result<std::unique_ptr<ValidatingProxy>> ValidatingProxy::create(const openapi::Document& doc,
                                                                 check::ContractChecker& checker, ProxyOptions options,
                                                                 OnResult on_result, OnError on_error) {
  std::unique_ptr<ValidatingProxy> proxy(
      new ValidatingProxy(checker, std::move(options), std::move(on_result), std::move(on_error)));
  // A body cut while passed on is an error of the run, as an upstream that did not answer is.
  ValidatingProxy* self = proxy.get();
  proxy->options_.upstream.on_passed_on_failure = [self](const mock::MockRequest& request, const Error& why) {
    check::CheckError error{"", request.method, request.target, "the answer's body was cut: " + why.message};
    self->spool(masked(error, self->options_.redactor));
    if (self->on_error_) self->on_error_(error);
  };
  auto requests = check::RequestContract::create(doc, checker.index());
  if (!requests) return std::unexpected(requests.error());
  proxy->requests_ = std::move(*requests);
  return proxy;
}

void ValidatingProxy::record(check::ExchangeResult result) {
  if (on_result_) on_result_(result);
  result.url = options_.redactor.shown_url(result.url);
  spool(result);
}

template <class Record>
void ValidatingProxy::spool(const Record& record) {
  std::optional<check::ResultSpool::Chunk> chunk;
  {
    std::lock_guard lock(mutex_);
    if (spool_) chunk = spool_->add_deferring_write(record);
  }
  if (!chunk) return;
  // Every 256 KiB of records, one exchange writes them out, outside the lock: a slow disk stalls
  // that exchange, not every other one waiting to record its result.
  check::ResultSpool::write_out(*chunk);
  std::lock_guard lock(mutex_);
  if (spool_) spool_->written(std::move(*chunk));
}

void ValidatingProxy::keep(const mock::MockRequest& request, const mock::MockResponse& response,
                           std::chrono::system_clock::time_point started, std::chrono::steady_clock::time_point clock,
                           bool request_body_streamed) {
  if (!options_.record_traffic) return;
  auto url = upstream_url(request.target, options_.upstream.base);
  RecordedExchange ex{url ? *url : request.target, request, response, started,
                      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - clock).count()};
  ex.request.read_body = nullptr;  // the server's, valid only while the request is served
  ex.request_body_streamed = request_body_streamed;
  // A passed-on body is not recorded, and its transfer belongs to the thread that sends it.
  ex.body_streamed = ex.response.stream != nullptr;
  ex.response.stream.reset();
  // Outside the lock: making a HAR entry (base64 of bodies up to the body limit) and writing it
  // must not hold up every other exchange; the HarWriter keeps each entry in one piece itself.
  if (options_.on_traffic) {
    options_.on_traffic(ex);
    return;
  }
  std::lock_guard lock(mutex_);
  traffic_.push_back(std::move(ex));
}

void ValidatingProxy::refuse(const mock::MockRequest& request, const Error& why, mock::MockResponse response,
                             std::chrono::system_clock::time_point started, std::chrono::steady_clock::time_point clock) {
  check::CheckError error{"", request.method, request.target, why.message};
  spool(masked(error, options_.redactor));
  if (on_error_) on_error_(error);
  keep(request, response, started, clock);
}

std::vector<RecordedExchange> ValidatingProxy::traffic() const {
  std::lock_guard lock(mutex_);
  return traffic_;
}

std::optional<mock::MockResponse> ValidatingProxy::refuse_untargetable(const mock::MockRequest& request,
                                                                       const Started& started) {
  // What cannot be forwarded is answered here, before any check: a tunnel the proxy could not read,
  // a target it cannot place.
  if (request.method == "CONNECT") {
    Error why{ErrorKind::usage, "CONNECT tunnels are not supported: a check needs to read the exchange", request.target, {}};
    auto response = mock::problem_response(501, "Not Implemented",
                                           why.message + "; point the client at http:// URLs, or run the proxy with --upstream https://...");
    refuse(request, why, response, started.at, started.clock);
    return response;
  }
  if (auto url = upstream_url(request.target, options_.upstream.base); !url) {
    auto response = mock::problem_response(400, "Bad Request", url.error().message);
    refuse(request, url.error(), response, started.at, started.clock);
    return response;
  }
  return std::nullopt;
}

ValidatingProxy::Admission ValidatingProxy::admit(const mock::MockRequest& request, bool body_unread,
                                                  const Started& started) {
  Admission out{check_request(request, body_unread), std::nullopt};
  if (options_.refuse_invalid && !out.sent.empty()) {
    out.answered = refuse_invalid(request, std::move(out.sent), started.at, started.clock);
    out.sent.clear();
  }
  return out;
}

mock::MockResponse ValidatingProxy::handle(const mock::MockRequest& request) {
  const Started started;
  if (auto refused = refuse_untargetable(request, started)) return std::move(*refused);
  if (request.read_body) return relay(request, started.at, started.clock);
  auto admitted = admit(request, false, started);
  if (admitted.answered) return std::move(*admitted.answered);
  return finish(request, std::move(admitted.sent), options_.send(request, options_.upstream), started);
}

std::vector<check::ExchangeViolation> ValidatingProxy::check_request(const mock::MockRequest& request, bool body_unread) {
  check::SentRequest sent{request.method, request.target, request.headers, request.body, body_unread};
  std::vector<check::ExchangeViolation> out;
  for (auto& v : requests_->check(sent)) {
    std::string keyword = v.schema.empty() ? "" : v.schema.substr(v.schema.rfind('/') + 1);
    out.push_back({v.kind, v.where, v.schema, v.source, std::move(keyword), v.message, "", ""});
  }
  return out;
}

mock::MockResponse ValidatingProxy::refuse_invalid(const mock::MockRequest& request,
                                                   std::vector<check::ExchangeViolation> sent,
                                                   std::chrono::system_clock::time_point started,
                                                   std::chrono::steady_clock::time_point clock) {
  check::ExchangeResult refused;
  auto match = checker_.index().match(request.method, request.target);
  if (match && match->operation) refused.operation = match->operation->name();
  refused.method = request.method;
  refused.url = request.target;
  refused.status = 422;
  refused.note = "refused by --errors, not forwarded";
  std::vector<mock::ProblemItem> items;
  for (const auto& v : sent) items.push_back({v.pointer, v.message});
  refused.violations = std::move(sent);
  record(std::move(refused));
  auto response = mock::problem_response(422, "Unprocessable Content",
                                         "the request breaks its contract; sonde check --errors did not forward it", items);
  keep(request, response, started, clock);
  return response;
}

mock::MockResponse ValidatingProxy::relay(const mock::MockRequest& incoming, std::chrono::system_clock::time_point started,
                                          std::chrono::steady_clock::time_point clock) {
  mock::MockRequest request{incoming.method, incoming.target, incoming.headers, {}, {}};
  std::unique_ptr<StreamingForward> streaming;
  std::optional<mock::MockResponse> answered_here;  // refused by --errors, or the upstream unreachable
  std::vector<check::ExchangeViolation> sent;
  // From here the body goes upstream as it arrives, unread: only the request's head is checked.
  auto begin_streaming = [&]() -> bool {
    sent = check_request(request, true);
    if (options_.refuse_invalid && !sent.empty()) {
      answered_here = refuse_invalid(request, std::move(sent), started, clock);
      return false;
    }
    auto started_forward = StreamingForward::start(request, options_.upstream);
    if (!started_forward) {
      answered_here = gateway(request, started_forward.error(), started, clock);
      return false;
    }
    streaming = std::move(*started_forward);
    return true;
  };
  if (!hold_request_body(request.headers) && !begin_streaming()) return std::move(*answered_here);
  // The sink runs inside the server's read (the mock's module, for h2c): what it throws is kept
  // here and thrown again once the read is back on this side (core/mock/http_server.hpp).
  std::exception_ptr sink_failure;
  const bool whole = incoming.read_body([&](std::string_view part) {
    try {
      if (streaming) return streaming->send(part);
      request.body.append(part);
      if (request.body.size() <= net::k_max_kept_body) return true;
      // Too large to hold, and so to check: what was read goes first, the rest as it comes.
      if (!begin_streaming()) return false;
      std::string held = std::move(request.body);
      request.body = std::string();
      return streaming->send(held);
    } catch (...) {
      sink_failure = std::current_exception();
      return false;
    }
  });
  if (sink_failure) std::rethrow_exception(sink_failure);
  if (answered_here) return std::move(*answered_here);
  if (!streaming) {
    // The client stopped short of a body it was holding: nothing went upstream, nothing to check.
    if (!whole) return mock::problem_response(400, "Bad Request", "the request body did not arrive whole");
    auto checked = check_request(request, false);
    if (options_.refuse_invalid && !checked.empty()) return refuse_invalid(request, std::move(checked), started, clock);
    return conclude(request, std::move(checked), options_.send(request, options_.upstream), started, clock);
  }
  const std::uint64_t bytes = streaming->bytes_sent();
  auto answered = streaming->finish(whole);
  if (!answered && answered.error().kind == ErrorKind::usage) {
    // The client cut its own body (as when the proxy holds it, nothing is reported).
    return mock::problem_response(400, "Bad Request", answered.error().message);
  }
  return conclude(request, std::move(sent), std::move(answered), started, clock, bytes);
}

mock::MockResponse ValidatingProxy::gateway(const mock::MockRequest& request, const Error& why,
                                            std::chrono::system_clock::time_point started,
                                            std::chrono::steady_clock::time_point clock) {
  auto response = mock::problem_response(502, "Bad Gateway", "the upstream did not answer: " + why.message);
  refuse(request, why, response, started, clock);
  return response;
}

mock::MockResponse ValidatingProxy::conclude(const mock::MockRequest& request, std::vector<check::ExchangeViolation> sent,
                                             Result<mock::MockResponse> answered,
                                             std::chrono::system_clock::time_point started,
                                             std::chrono::steady_clock::time_point clock,
                                             std::optional<std::uint64_t> streamed_request_bytes) {
  if (!answered) return gateway(request, answered.error(), started, clock);
  const std::string request_note =
      streamed_request_bytes ? "the request body (" + std::to_string(*streamed_request_bytes) +
                                   " bytes) was passed on as it arrived, unread; only its head was checked"
                             : std::string();
  check::HttpExchange ex;
  ex.method = request.method;
  ex.url = request.target;
  ex.status = answered->status;
  ex.headers = answered->headers;
  ex.content_type_known = mock::header_value(answered->headers, "Content-Type").has_value();
  // A compressed body is forwarded as it came; its schema cannot read it.
  auto encoding = mock::header_value(answered->headers, "Content-Encoding");
  ex.body_recorded = (!encoding || *encoding == "identity") && !answered->stream;
  if (ex.body_recorded) ex.body = check::BodyBuffer(answered->body);
  keep(request, *answered, started, clock, streamed_request_bytes.has_value());
  Result<check::ExchangeResult> result = checker_.check(ex);  // thread-safe: compilation is locked inside
  auto join = [](std::string a, const std::string& b) { return a.empty() ? b : b.empty() ? a : a + "; " + b; };
  if (!result) {
    check::ExchangeResult unchecked;
    unchecked.method = request.method;
    unchecked.url = request.target;
    unchecked.status = answered->status;
    unchecked.note = join(request_note, "not checked: " + result.error().message);
    unchecked.violations = std::move(sent);
    record(std::move(unchecked));
    return std::move(*answered);
  }
  if (answered->stream) result->note = streamed_note(request.method, answered->status, answered->headers);
  result->note = join(request_note, result->note);
  sent.insert(sent.end(), std::make_move_iterator(result->violations.begin()),
              std::make_move_iterator(result->violations.end()));
  result->violations = std::move(sent);
  // Added after the exchange was kept: the HAR holds what the upstream answered.
  if (options_.violations_header) answered->headers.emplace_back("Sonde-Violations", std::to_string(result->violations.size()));
  record(std::move(*result));
  return std::move(*answered);
}

std::unique_ptr<check::ResultSpool> ValidatingProxy::take_run() {
  std::vector<const check::Operation*> all;
  for (const auto& op : checker_.index().operations()) all.push_back(&op);
  std::lock_guard lock(mutex_);
  if (spool_) spool_->set_coverage(all);
  return std::move(spool_);
}

}  // namespace sonde::proxy
