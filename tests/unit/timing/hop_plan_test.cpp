#include <catch2/catch.hpp>

#include "core/timing/hop_plan.hpp"
#include "core/timing/pin_syntax.hpp"

using namespace sonde::timing;
using namespace std::chrono_literals;

namespace {
RequestOptions with_credentials() {
  RequestOptions o;
  o.url = "http://127.0.0.1:8080/start";
  o.method = "POST";
  o.body = "{}";
  o.headers = {"Authorization: Bearer t", "Cookie: a=b", "X-Api-Key: k", "Proxy-Authorization: Basic x",
               "Accept: application/json"};
  return o;
}
}  // namespace

TEST_CASE("origins differ by scheme, host or port, not by case or path", "[timing][redirect]") {
  CHECK(same_origin("http://a.test/x", "http://A.TEST:80/y?z"));
  CHECK_FALSE(same_origin("http://a.test/", "https://a.test/"));
  CHECK_FALSE(same_origin("http://a.test/", "http://b.test/"));
  CHECK_FALSE(same_origin("http://a.test:8080/", "http://a.test:8081/"));
}

TEST_CASE("credentials stay on the first origin unless --location-trusted", "[timing][redirect][security]") {
  auto o = with_credentials();
  HopPlan same(o, HopPlan::Clock::now());
  REQUIRE(same.follow(302, "http://127.0.0.1:8080/next"));
  CHECK(same.headers().size() == 5);
  CHECK(same.dropped().empty());

  HopPlan other(o, HopPlan::Clock::now());
  REQUIRE(other.follow(307, "http://127.0.0.1:9090/elsewhere"));  // port change: another origin
  CHECK(other.headers() == std::vector<std::string>{"Accept: application/json"});
  CHECK(other.dropped() == std::vector<std::string>{"Authorization", "Cookie", "X-Api-Key", "Proxy-Authorization"});
  CHECK(other.method() == "POST");  // 307 keeps method and body
  CHECK(other.send_body());
  // Coming back to the first origin does not bring them back: the chain already left it.
  REQUIRE(other.follow(302, "http://127.0.0.1:8080/back"));
  CHECK(other.headers().size() == 1);
  CHECK(other.method() == "GET");

  o.location_trusted = true;
  HopPlan trusted(o, HopPlan::Clock::now());
  REQUIRE(trusted.follow(302, "https://other.test/"));
  CHECK(trusted.headers().size() == 5);
}

TEST_CASE("a run's hops share one deadline and --max-redirs", "[timing][redirect]") {
  RequestOptions o;
  o.url = "http://a.test/";
  o.timeout = 100ms;
  o.max_redirs = 2;
  const auto start = HopPlan::Clock::now();
  HopPlan plan(o, start);
  CHECK(plan.budget(start + 40ms).value() == 60ms);
  auto spent = plan.budget(start + 100ms);
  REQUIRE_FALSE(spent);
  CHECK(spent.error().kind == sonde::ErrorKind::runtime);
  CHECK(plan.follow(301, "http://a.test/1"));
  CHECK(plan.follow(301, "http://a.test/2"));
  CHECK_FALSE(plan.follow(301, "http://a.test/3"));  // the third would pass --max-redirs 2
  CHECK_FALSE(plan.follow(200, "http://a.test/4"));
}

TEST_CASE("resolve and connect-to entries are checked up front", "[timing][flags]") {
  CHECK(check_resolve_entry("api.test:443:127.0.0.1"));
  CHECK(check_resolve_entry("+api.test:443:127.0.0.1,[::1]"));
  CHECK(check_resolve_entry("-api.test:443"));
  for (const char* bad : {"garbage", "api.test:443", "api.test:x:127.0.0.1", "api.test:443:not-an-ip", ":443:1.2.3.4",
                          "api.test:70000:1.2.3.4"}) {
    INFO(bad);
    auto checked = check_resolve_entry(bad);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().kind == sonde::ErrorKind::usage);
  }
  CHECK(check_connect_to_entry("api.test:443:127.0.0.1:8443"));
  CHECK(check_connect_to_entry("::[::1]:8443"));
  CHECK_FALSE(check_connect_to_entry("a:b"));
  CHECK_FALSE(check_connect_to_entry("a:443:b:notaport"));
}
