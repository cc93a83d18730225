#include "core/proxy/upstream.hpp"

#include <algorithm>
#include <charconv>
#include <strings.h>

#include "core/check/media_type.hpp"
#include "core/net/curl_error.hpp"
#include "core/net/libcurl_loader.hpp"
#include "core/proxy/upstream_transfer.hpp"
#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::proxy {

namespace {

using Clock = std::chrono::steady_clock;

// The rest of an answer that is passed on as it arrives (and what was read of it before the
// decision, when a held body grew too large).
class StreamedBody final : public mock::BodyStream {
 public:
  StreamedBody(std::unique_ptr<Transfer> transfer, std::string first, const mock::MockRequest& request,
               const UpstreamOptions& options)
      : transfer_(std::move(transfer)), first_(std::move(first)), idle_(options.timeout),
        on_failure_(options.on_passed_on_failure) {
    if (on_failure_) request_ = {request.method, request.target, {}, {}, {}};
  }

  Pull next(std::string& out) override {
    if (!first_.empty()) {
      if (out.empty()) out.swap(first_);  // up to 64 MiB: moved, not copied
      else out.append(first_);
      first_ = std::string();
      return Pull::more;
    }
    // Silence counts only while waiting here: time the client took to read (between calls) is
    // not the upstream's.
    const auto entered = Clock::now();
    const auto until = entered + std::chrono::milliseconds(250);
    const auto give_up = entered + (idle_ - silent_);
    for (;;) {
      const auto now = Clock::now();
      if (transfer_->has_body()) {
        if (out.empty()) out = transfer_->take_body();
        else out.append(transfer_->take_body());
        silent_ = Clock::duration::zero();
        return Pull::more;
      }
      if (transfer_->finished()) {
        auto failure = transfer_->failure();
        if (!failure) return Pull::done;
        return failed(*failure);
      }
      if (now >= give_up) {  // the upstream went silent: cut, never hang
        return failed(Error{ErrorKind::runtime,
                            "the upstream sent nothing for " + std::to_string(idle_.count()) +
                                " ms in the middle of a body; the client got it cut",
                            transfer_->shown_url(), {}});
      }
      if (now >= until) {
        silent_ += now - entered;
        return Pull::more;
      }
      transfer_->step(std::min(until, give_up));
    }
  }

  std::optional<std::uint64_t> length() const override { return transfer_->content_length(); }

 private:
  Pull failed(const Error& why) {
    if (on_failure_ && !reported_) on_failure_(request_, why);
    reported_ = true;
    return Pull::failed;
  }

  std::unique_ptr<Transfer> transfer_;
  std::string first_;
  std::chrono::milliseconds idle_;
  Clock::duration silent_{};  ///< spent waiting in next() since the last byte came
  std::function<void(const mock::MockRequest&, const Error&)> on_failure_;
  mock::MockRequest request_;  ///< method and target, for on_failure_
  bool reported_ = false;
};

}  // namespace

bool hop_by_hop(std::string_view name) {
  // Asked for every header of every exchange, both ways: the length picks the one or two
  // candidates before any letters are compared.
  switch (name.size()) {
    case 2: return iequals_ascii(name, "TE");
    case 7: return iequals_ascii(name, "Trailer") || iequals_ascii(name, "Upgrade");
    case 10: return iequals_ascii(name, "Connection") || iequals_ascii(name, "Keep-Alive");
    case 16: return iequals_ascii(name, "Proxy-Connection");
    case 17: return iequals_ascii(name, "Transfer-Encoding");
    case 18: return iequals_ascii(name, "Proxy-Authenticate");
    case 19: return iequals_ascii(name, "Proxy-Authorization");
    default: return false;
  }
}

void take_header_line(std::string_view line, mock::HeaderList& headers) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a 1xx answer before the real one
    return;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return;
  std::string name(line.substr(0, colon));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  // The server writes its own framing (Content-Length of the body it sends) and connection headers.
  if (iequals_ascii(name, "Content-Type")) name = "Content-Type";  // the server writes it by this name
  if (!hop_by_hop(name) && strcasecmp(name.c_str(), "Content-Length") != 0) headers.emplace_back(std::move(name), std::string(value));
}

Result<std::string> upstream_url(std::string_view target, std::string_view base) {
  while (base.ends_with('/')) base.remove_suffix(1);
  const bool absolute = starts_with_nocase(target, "http://") || starts_with_nocase(target, "https://");
  if (absolute) {
    const std::size_t authority = target.find("//") + 2;
    const std::size_t path = target.find_first_of("/?", authority);
    const std::string_view host = target.substr(authority, path == std::string_view::npos ? path : path - authority);
    if (host.empty() || host.find_first_of(" \t") != std::string_view::npos) {
      return fail(ErrorKind::usage, "the request target has no host", std::string(target));
    }
    if (base.empty()) return std::string(target);
    std::string rest = path == std::string_view::npos ? "/" : std::string(target.substr(path));
    if (rest.starts_with('?')) rest.insert(0, "/");
    return std::string(base) + rest;
  }
  if (base.empty()) {
    return fail(ErrorKind::usage,
                "this proxy has no --upstream: it forwards absolute URLs only (a client with HTTP_PROXY sends them)",
                std::string(target));
  }
  if (!target.starts_with('/')) {
    return fail(ErrorKind::usage, "the request target must be a path starting with / or an absolute URL", std::string(target));
  }
  return std::string(base) + std::string(target);
}

bool hold_body(const std::string& method, int status, const mock::HeaderList& headers,
               std::optional<std::uint64_t> length) {
  if (method == "HEAD" || status < 200 || status == 204 || status == 304) return true;  // no body
  if (length && *length <= k_small_body) return true;
  auto type = mock::header_value(headers, "Content-Type");
  auto encoding = mock::header_value(headers, "Content-Encoding");
  const bool identity = !encoding || iequals_ascii(trim(*encoding), "identity");
  return identity && type && check::is_json(check::essence(*type));
}

namespace {

// The length the client announced for its body, when it announced one.
std::optional<std::uint64_t> announced_length(const mock::HeaderList& headers) {
  auto length = mock::header_value(headers, "Content-Length");
  if (!length) return std::nullopt;
  std::uint64_t n = 0;
  std::string_view text = trim(*length);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

bool hold_request_body(const mock::HeaderList& headers) {
  if (auto length = announced_length(headers); length && *length <= k_small_body) return true;
  if (auto encoding = mock::header_value(headers, "Content-Encoding"); encoding && !iequals_ascii(trim(*encoding), "identity")) {
    return false;  // no check reads a compressed body
  }
  auto type = mock::header_value(headers, "Content-Type");
  if (!type) return false;
  const std::string essence = check::essence(*type);
  return check::is_json(essence) || essence == "application/x-www-form-urlencoded" || essence == "multipart/form-data";
}

// Expect stays on this hop too: the proxy's server met a 100-continue expectation before reading
// the body, and forwarded, it had libcurl wait a second for an upstream's 100 that most never send.
std::vector<std::string> upstream_header_lines(const mock::MockRequest& request) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : request.headers) {
    if (hop_by_hop(name) || iequals_ascii(name, "Host") || iequals_ascii(name, "Content-Length") ||
        iequals_ascii(name, "Expect")) {
      continue;
    }
    lines.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  // Nothing the client did not send: no Expect wait, no default Content-Type, no Accept.
  lines.emplace_back("Expect:");
  bool typed = std::any_of(request.headers.begin(), request.headers.end(),
                           [](const auto& hv) { return iequals_ascii(hv.first, "Content-Type"); });
  if (!typed) lines.emplace_back("Content-Type:");
  bool accepts = std::any_of(request.headers.begin(), request.headers.end(),
                             [](const auto& hv) { return iequals_ascii(hv.first, "Accept"); });
  if (!accepts) lines.emplace_back("Accept:");
  return lines;
}

namespace {

// The answer to a request whose body has gone (or is going) upstream: its head within `timeout`,
// then its body held or passed on (hold_body).
Result<mock::MockResponse> await_answer(std::unique_ptr<Transfer> transfer, const mock::MockRequest& request,
                                        const UpstreamOptions& options) {
  const auto deadline = Clock::now() + options.timeout;
  auto timed_out = [&] {
    return fail(ErrorKind::runtime,
                "the upstream did not answer within " + std::to_string(options.timeout.count()) + " ms",
                transfer->shown_url());
  };
  while (!transfer->head_complete() && !transfer->finished()) {
    if (Clock::now() >= deadline) return timed_out();
    transfer->step(deadline);
  }
  if (auto failed = transfer->failure()) return std::unexpected(*failed);
  mock::MockResponse response;
  response.status = transfer->status();
  response.headers = std::move(transfer->headers());
  const auto length = transfer->content_length();
  // A HEAD answer's length is the GET body's: the server cannot infer it from an empty body.
  if (request.method == "HEAD" && length) response.headers.emplace_back("Content-Length", std::to_string(*length));
  if (!transfer->finished() && !hold_body(request.method, response.status, response.headers, length)) {
    response.stream = std::make_shared<StreamedBody>(std::move(transfer), std::string(), request, options);
    return response;
  }
  for (;;) {
    response.body.append(transfer->take_body());
    if (response.body.size() > net::k_max_kept_body) {
      // Too large to hold (and so to check): the rest is passed on as it comes, after what was read.
      response.stream = std::make_shared<StreamedBody>(std::move(transfer), std::move(response.body), request, options);
      response.body = std::string();
      return response;
    }
    if (transfer->finished()) break;
    if (Clock::now() >= deadline) return timed_out();
    transfer->step(deadline);
  }
  if (auto failed = transfer->failure()) return std::unexpected(*failed);
  return response;
}

}  // namespace

Result<mock::MockResponse> forward(const mock::MockRequest& request, const UpstreamOptions& options) {
  auto where = upstream_url(request.target, options.base);
  if (!where) return std::unexpected(where.error());
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  auto transfer =
      std::make_unique<Transfer>(request, *where, upstream_header_lines(request), options.insecure, options.cacert);
  return await_answer(std::move(transfer), request, options);
}

StreamingForward::StreamingForward(const mock::MockRequest& request, const UpstreamOptions& options,
                                   std::unique_ptr<Transfer> transfer)
    : request_{request.method, request.target, request.headers, {}, {}}, options_(options), transfer_(std::move(transfer)) {}

StreamingForward::~StreamingForward() = default;

Result<std::unique_ptr<StreamingForward>> StreamingForward::start(const mock::MockRequest& request,
                                                                  const UpstreamOptions& options) {
  auto where = upstream_url(request.target, options.base);
  if (!where) return std::unexpected(where.error());
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  auto transfer = std::make_unique<Transfer>(request, *where, upstream_header_lines(request), options.insecure,
                                             options.cacert, StreamedUpload{announced_length(request.headers)});
  return std::unique_ptr<StreamingForward>(new StreamingForward(request, options, std::move(transfer)));
}

bool StreamingForward::send(std::string_view part) {
  if (stalled_ || transfer_->finished()) return false;
  transfer_->feed(part);
  sent_ += part.size();
  // The upstream must take each part within `timeout`; a part waits here, not in memory.
  const auto give_up = Clock::now() + options_.timeout;
  while (!transfer_->upload_drained() && !transfer_->finished()) {
    if (Clock::now() >= give_up) {
      stalled_ = true;
      return false;
    }
    transfer_->step(give_up);
  }
  return !transfer_->finished();
}

bool StreamingForward::answered_early() const { return transfer_->finished() || transfer_->head_complete(); }

Result<mock::MockResponse> StreamingForward::finish(bool whole) {
  if (stalled_) {
    return fail(ErrorKind::runtime,
                "the upstream took nothing of the request body for " + std::to_string(options_.timeout.count()) +
                    " ms after " + std::to_string(sent_) + " bytes",
                transfer_->shown_url());
  }
  if (!whole && !answered_early()) {
    return fail(ErrorKind::usage,
                "the client's request body stopped short after " + std::to_string(sent_) +
                    " bytes; the upstream got it cut too",
                transfer_->shown_url());
  }
  transfer_->end_upload();
  return await_answer(std::move(transfer_), request_, options_);
}

}  // namespace sonde::proxy
