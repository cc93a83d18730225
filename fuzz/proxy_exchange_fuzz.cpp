// `sonde check --proxy` on one exchange, from raw bytes: the request a client sent and the answer
// the upstream gave, split at "\n--upstream--\n" (no answer part: the upstream is unreachable).
// Each exchange passes through two proxies, one over a description built for request checks
// (parameters by style, cookies, form and multipart bodies, security; --errors on) and one built
// for response checks (status ranges, default, media type wildcards, headers, discriminator);
// then the coverage and the HAR report are built from what passed.
// Properties, beyond not crashing: an answer that was forwarded carries the upstream's body byte
// for byte, its Sonde-Violations header counts the violations reported for it, every exchange
// ends as a result or an error, and no request target moves a reverse proxy off its upstream.
// The request is read as the proxy's server reads it (its head parser and chunked decoder), or the
// simple way when that server would refuse it; libcurl reads the upstream's answer on a socket. The
// upstream's header lines go through the proxy's own reader (proxy::take_header_line).
#include <cstdlib>
#include <memory>

#include "core/check/exchange.hpp"
#include "core/openapi/document.hpp"
#include "core/proxy/chunked_body.hpp"
#include "core/proxy/request_head.hpp"
#include "core/proxy/traffic_har.hpp"
#include "core/proxy/validating_proxy.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

using namespace sonde;

struct Described {
  openapi::Document doc;
  std::unique_ptr<check::ContractChecker> checker;
};

// Loaded once: the checker memoises compiled schemas, as it does for a proxy's whole run.
Described& described(const char* path) {
  auto doc = openapi::load(path);
  if (!doc) std::abort();
  auto* out = new Described{std::move(*doc), nullptr};  // lives for the process, like the CLI's
  auto checker = check::ContractChecker::create(out->doc);
  if (!checker) std::abort();
  out->checker = std::move(*checker);
  return *out;
}

Described& requests_api() {
  static Described& d = described(SONDE_SOURCE_DIR "/tests/unit/check/fixtures/requests.yaml");
  return d;
}

Described& responses_api() {
  static Described& d = described(SONDE_SOURCE_DIR "/specs/petstore-check.yaml");
  return d;
}

std::string_view without_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// The request as the proxy's own server reads it off the socket (proxy::parse_request_head and
// proxy::ChunkedBody, the bytes possibly split anywhere); nothing when it would be refused.
std::optional<mock::MockRequest> read_as_server(std::string_view text) {
  proxy::RequestHead head;
  const auto parsed = proxy::parse_request_head(text, 64 * 1024, head);
  if (parsed.status != proxy::HeadStatus::complete) return std::nullopt;
  if (parsed.size > text.size()) std::abort();
  std::string_view rest = text.substr(parsed.size);
  mock::MockRequest request{head.method, head.target, head.headers, {}, {}};
  if (head.framing == proxy::BodyFraming::length) {
    if (head.content_length > rest.size()) return std::nullopt;  // it would wait for more
    request.body = std::string(rest.substr(0, static_cast<std::size_t>(head.content_length)));
  } else if (head.framing == proxy::BodyFraming::chunked) {
    proxy::ChunkedBody chunked;
    // Fed in two pieces (split where the text's length says), as a socket might deliver it.
    const std::size_t split = rest.size() / 3;
    std::size_t used = chunked.feed(rest.substr(0, split), request.body);
    if (used == split) used += chunked.feed(rest.substr(split), request.body);
    if (used > rest.size()) std::abort();
    if (chunked.state() != proxy::ChunkedBody::State::done) return std::nullopt;
  }
  return request;
}

std::optional<mock::MockRequest> request_of(std::string_view text) {
  if (auto read = read_as_server(text)) return read;
  // What the server would refuse still drives the checks, read the simple way.
  auto head_and_body = fuzz::split_parts(text, "\r\n\r\n", 2);
  auto lines = fuzz::split_parts(head_and_body[0], "\r\n", 200);
  auto request_line = fuzz::split_parts(lines[0], " ", 3);
  if (request_line.size() < 2) return std::nullopt;
  mock::MockRequest request{std::string(request_line[0]), std::string(request_line[1]), {}, {}, {}};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(std::string(without_blanks(lines[i].substr(0, colon))),
                                 std::string(without_blanks(lines[i].substr(colon + 1))));
  }
  if (head_and_body.size() == 2) request.body = std::string(head_and_body[1]);
  return request;
}

// The upstream's answer as libcurl would hand it to the proxy: status line, header lines, body.
mock::MockResponse answer_of(std::string_view text) {
  auto head_and_body = fuzz::split_parts(text, "\r\n\r\n", 2);
  auto lines = fuzz::split_parts(head_and_body[0], "\r\n", 200);
  mock::MockResponse answer;
  for (auto line : lines) {
    if (line.starts_with("HTTP/")) {  // the last status line counts, as in libcurl (a 1xx came first)
      answer.status = 0;
      auto fields = fuzz::split_parts(line, " ", 3);
      for (char c : fields.size() < 2 ? std::string_view() : fields[1].substr(0, 3)) {
        if (c >= '0' && c <= '9') answer.status = answer.status * 10 + (c - '0');
      }
    }
    proxy::take_header_line(line, answer.headers);
  }
  if (head_and_body.size() == 2) answer.body = std::string(head_and_body[1]);
  return answer;
}

void pass_through(Described& api, const mock::MockRequest& request, const std::optional<mock::MockResponse>& upstream,
                  bool refuse_invalid) {
  proxy::ProxyOptions options;
  options.upstream.base = "http://upstream.test/v1/";
  options.refuse_invalid = refuse_invalid;
  options.record_traffic = true;
  options.violations_header = true;
  options.send = [&upstream](const mock::MockRequest&, const proxy::UpstreamOptions&) -> Result<mock::MockResponse> {
    if (!upstream) return fail(ErrorKind::runtime, "connection refused", "http://upstream.test/v1/");
    return *upstream;
  };
  std::optional<check::ExchangeResult> reported;
  bool errored = false;
  auto proxy = proxy::ValidatingProxy::create(
      api.doc, *api.checker, options, [&reported](const check::ExchangeResult& r) { reported = r; },
      [&errored](const check::CheckError&) { errored = true; });
  if (!proxy) std::abort();  // the description was loaded: its views must build
  mock::MockResponse answered = (*proxy)->handle(request);
  if (!reported) {
    if (!errored) std::abort();  // every exchange ends as a result or an error of the run
  } else if (upstream && !reported->note.starts_with("refused")) {
    if (answered.body != upstream->body) std::abort();  // the proxy changed what it forwarded
    // The proxy's count is the last one: an upstream may send its own (another proxy in front).
    const std::string* counted = nullptr;
    for (const auto& [name, value] : answered.headers) {
      if (name == "Sonde-Violations") counted = &value;
    }
    const bool checked = !reported->note.starts_with("not checked");  // a description error leaves no count
    if (checked && (!counted || *counted != std::to_string(reported->violations.size()))) std::abort();
  }
  // The run as the reports read it back from the scratch file: what was reported, in the spool.
  auto run = (*proxy)->take_run();
  std::size_t results = 0, errors = 0;
  if (!run->each_result([&](const check::ExchangeResult&) { ++results; }) ||
      !run->each_error([&](const check::CheckError&) { ++errors; })) {
    std::abort();
  }
  if (results != (reported ? 1u : 0u) || (errored && errors == 0)) std::abort();
  (void)proxy::to_har((*proxy)->traffic(), Redactor());
}

}  // namespace

// Where a target goes: a reverse proxy never leaves its upstream; a forward proxy goes where the
// absolute URL says, unchanged.
void check_placement(const std::string& target) {
  auto reverse = proxy::upstream_url(target, "http://upstream.test/v1/");
  if (reverse && !reverse->starts_with("http://upstream.test/v1/")) std::abort();
  auto forward = proxy::upstream_url(target, "");
  if (forward && *forward != target) std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = fuzz::split_parts(fuzz::as_text(data, size), "\n--upstream--\n", 2);
  auto request = request_of(parts[0]);
  if (!request) return 0;
  check_placement(request->target);
  std::optional<mock::MockResponse> upstream;
  if (parts.size() == 2) upstream = answer_of(parts[1]);
  pass_through(requests_api(), *request, upstream, true);
  pass_through(responses_api(), *request, upstream, false);
  return 0;
}
