// The mock's request handling, from raw HTTP/1.1 bytes: routing (path templates, server base
// paths), parameter and body checks, credentials, faults, idempotency keys, response choice.
// The request is framed here the simple way (request line, header lines, blank line, body); the
// framing on a socket is cpp-httplib's, a Debian library outside this project.
#include <memory>

#include "core/mock/mock_service.hpp"
#include "core/openapi/document.hpp"
#include "core/util/clock.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

sonde::mock::MockService& service() {
  static std::unique_ptr<sonde::mock::MockService> instance = [] {
    auto doc = sonde::openapi::load(SONDE_SOURCE_DIR "/tests/unit/mock/fixtures/mock-api.yaml");
    if (!doc) std::abort();
    sonde::mock::MockOptions options;
    options.clock = std::make_shared<sonde::FakeClock>();  // injected latency costs no time
    options.seed = 7;
    auto created = sonde::mock::MockService::create(std::move(*doc), std::move(options));
    if (!created) std::abort();
    return std::move(*created);
  }();
  return *instance;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  auto head_and_body = fuzz::split_parts(fuzz::as_text(data, size), "\r\n\r\n", 2);
  auto lines = fuzz::split_parts(head_and_body[0], "\r\n", 200);
  auto request_line = fuzz::split_parts(lines[0], " ", 3);
  if (request_line.size() < 2) return 0;
  mock::MockRequest request;
  request.method = std::string(request_line[0]);
  request.target = std::string(request_line[1]);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(std::string(trim(lines[i].substr(0, colon))), std::string(trim(lines[i].substr(colon + 1))));
  }
  if (head_and_body.size() == 2) request.body = std::string(head_and_body[1]);
  (void)service().handle(request);
  return 0;
}
