// Bytes that are not UTF-8 in the request target are the client's error (400), and nothing the
// mock throws reaches the client as internal text.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/mock/http_server.hpp"
#include "core/mock/mock_service.hpp"
#include "core/mock/problem.hpp"
#include "core/mock/request_target.hpp"

using namespace sonde::mock;
using nlohmann::json;

namespace {

std::unique_ptr<MockService> make_target_service() {
  auto doc = sonde::openapi::load(SONDE_SOURCE_DIR "/tests/unit/mock/fixtures/mock-api.yaml");
  REQUIRE(doc);
  MockOptions options;
  options.clock = std::make_shared<sonde::FakeClock>();
  options.seed = 7;
  auto service = MockService::create(std::move(*doc), std::move(options));
  REQUIRE(service);
  return std::move(*service);
}

MockResponse get(MockService& service, std::string target) { return service.handle({"GET", std::move(target), {}, {}}); }

}  // namespace

TEST_CASE("mock: a target that is not UTF-8 is a 400 problem, raw or percent-encoded", "[mock][service]") {
  auto service = make_target_service();
  for (std::string target : {"/x\xff\xfe", "/x%FF%FE", "/orders/%FF%FE", "/orders/\xc0\xaf"}) {
    INFO(target);
    MockResponse r = get(*service, target);
    CHECK(r.status == 400);
    CHECK(header_value(r.headers, "Content-Type") == "application/problem+json");
    CHECK(json::parse(r.body).at("detail") == "the request path is not UTF-8 once percent-decoded");
  }
  MockResponse query = get(*service, "/orders?limit=%FF");
  CHECK(query.status == 400);
  CHECK(json::parse(query.body).at("errors").at(0).at("pointer") == "/query");
  CHECK(get(*service, "/caf%C3%A9").status == 404);  // UTF-8 is fine: simply not documented
  CHECK(get(*service, "/orders?limit=2").status == 200);
}

TEST_CASE("mock: UTF-8 validation follows RFC 3629", "[mock]") {
  CHECK(is_utf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_utf8("\xff"));
  CHECK_FALSE(is_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(is_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_utf8("\xe2\x82"));          // cut short
}

TEST_CASE("mock: problem bodies stay JSON whatever bytes they quote", "[mock]") {
  MockResponse r = problem_response(404, "Not Found", "no operation matches /x\xff\xfe");
  CHECK(json::parse(r.body).at("detail") == "no operation matches /x\xef\xbf\xbd\xef\xbf\xbd");
}

TEST_CASE("mock: an exception while answering is a 500 problem without internal text", "[mock]") {
  auto throwing = [](const MockRequest&) -> MockResponse { throw std::runtime_error("secret internal state"); };
  MockResponse r = answer_safely(throwing, {"GET", "/", {}, {}});
  CHECK(r.status == 500);
  CHECK(r.close);
  CHECK(header_value(r.headers, "Content-Type") == "application/problem+json");
  CHECK(r.body.find("secret") == std::string::npos);
  CHECK(json::parse(r.body).at("title") == "Internal Server Error");
  auto fine = [](const MockRequest&) { return MockResponse{}; };
  CHECK(answer_safely(fine, {"GET", "/", {}, {}}).status == 200);
}

TEST_CASE("mock: a body stream that throws is cut, its exception kept on sonde's side of the module", "[mock]") {
  // The module pulls bodies through answer_safely's wrapper: an exception from sonde's stream must
  // not unwind into the module (another C++ runtime); the pull fails instead, which cuts the body.
  struct Throwing final : BodyStream {
    int pulls = 0;
    Pull next(std::string& out) override {
      if (++pulls == 1) {
        out += "first";
        return Pull::more;
      }
      throw std::bad_alloc();
    }
    std::optional<std::uint64_t> length() const override { return 12; }
  };
  auto streaming = [](const MockRequest&) {
    MockResponse r;
    r.stream = std::make_shared<Throwing>();
    return r;
  };
  MockResponse r = answer_safely(streaming, {"GET", "/", {}, {}});
  REQUIRE(r.stream);
  CHECK(r.stream->length() == 12);
  std::string out;
  CHECK(r.stream->next(out) == BodyStream::Pull::more);
  CHECK(out == "first");
  BodyStream::Pull second = BodyStream::Pull::more;
  CHECK_NOTHROW(second = r.stream->next(out));
  CHECK(second == BodyStream::Pull::failed);
}
