#include <catch2/catch.hpp>

#include <thread>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/proxy/traffic_har.hpp"

using namespace sonde;

namespace {

proxy::RecordedExchange exchange_with(mock::HeaderList request_headers, std::string response_body) {
  proxy::RecordedExchange ex;
  ex.url = "http://upstream.test/v1/pets?api_key=k1";
  ex.request = {"POST", "/v1/pets?api_key=k1", std::move(request_headers), "{\"name\":\"Tom\"}"};
  ex.response.status = 201;
  ex.response.headers = {{"Content-Type", "application/json"}};
  ex.response.body = std::move(response_body);
  return ex;
}

}  // namespace

TEST_CASE("traffic HAR: credentials masked, bodies as text, JSON that reads back") {
  auto ex = exchange_with({{"Authorization", "Bearer s3cr3t"}, {"Content-Type", "application/json"}}, "{\"id\":3}");
  auto har = nlohmann::json::parse(proxy::to_har({ex}, Redactor()));
  const auto& entry = har["log"]["entries"][0];
  CHECK(entry["request"]["url"] == "http://upstream.test/v1/pets?api_key=***");
  CHECK(entry["request"]["headers"][0]["value"] == "Bearer ***");
  CHECK(entry["request"]["postData"]["text"] == "{\"name\":\"Tom\"}");
  CHECK(entry["response"]["content"]["text"] == "{\"id\":3}");
  CHECK_FALSE(entry["response"]["content"].contains("encoding"));
}

TEST_CASE("traffic HAR: credentials inside bodies masked, and the reader told so") {
  auto ex = exchange_with({{"Content-Type", "application/x-www-form-urlencoded"}}, "");
  ex.request.body = "grant_type=password&username=ann&password=hunter2";
  ex.response.body = R"({"access_token":"eyJ.x.y","token_type":"Bearer","expires_in":3600})";
  auto har = nlohmann::json::parse(proxy::to_har({ex}, Redactor()));
  const auto& entry = har["log"]["entries"][0];
  CHECK(entry["request"]["postData"]["text"] == "grant_type=password&username=ann&password=***");
  CHECK(entry["request"]["postData"]["comment"] == "credential-named fields masked (--show-secrets records them)");
  CHECK(entry["response"]["content"]["text"] == R"({"access_token":"***","token_type":"Bearer","expires_in":3600})");
  CHECK(entry["response"]["content"]["size"] == ex.response.body.size());  // the size sent, not the size shown
  // Nothing masked: no comment. --show-secrets: the bodies as they travelled.
  auto plain = nlohmann::json::parse(proxy::to_har({exchange_with({{"Content-Type", "application/json"}}, "{}")}, Redactor()));
  CHECK_FALSE(plain["log"]["entries"][0]["request"]["postData"].contains("comment"));
  auto shown = nlohmann::json::parse(proxy::to_har({ex}, Redactor::showing_all()));
  CHECK(shown["log"]["entries"][0]["request"]["postData"]["text"] == ex.request.body);
  CHECK(shown["log"]["entries"][0]["response"]["content"]["text"] == ex.response.body);
}

// Found by fuzz/proxy_exchange_fuzz.cpp: a header value that is not UTF-8 made the HAR writer
// throw, which ended `check --proxy --report-har` without its reports.
TEST_CASE("traffic HAR: bytes that are not UTF-8 in headers become U+FFFD; in bodies, base64") {
  auto ex = exchange_with({{"X-Name", "caf\xe9"}}, std::string("\x89PNG\r\n", 6));
  std::string text;
  REQUIRE_NOTHROW(text = proxy::to_har({ex}, Redactor()));
  auto har = nlohmann::json::parse(text);
  const auto& entry = har["log"]["entries"][0];
  CHECK(entry["request"]["headers"][0]["value"] == "caf\xef\xbf\xbd");
  CHECK(entry["response"]["content"]["encoding"] == "base64");
  CHECK(entry["response"]["content"]["text"] == "iVBORw0K");
}

TEST_CASE("traffic HAR written as it passes: the same document as written at once") {
  const auto dir = std::filesystem::temp_directory_path() / ("sonde-har-writer-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "traffic.har").string();
  auto a = exchange_with({{"Authorization", "Bearer s3cr3t"}}, "{\"id\":3}");
  auto b = exchange_with({{"X-Name", "caf\xe9"}}, std::string("\x89PNG\r\n", 6));
  for (const auto& exchanges : {std::vector<proxy::RecordedExchange>{}, std::vector<proxy::RecordedExchange>{a, b}}) {
    auto writer = proxy::HarWriter::open(path, Redactor());
    REQUIRE(writer);
    for (const auto& ex : exchanges) writer->add(ex);
    REQUIRE(writer->finish());
    std::ifstream in(path, std::ios::binary);
    const std::string written{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CHECK(written == proxy::to_har(exchanges, Redactor()));
    CHECK(written.find("s3cr3t") == std::string::npos);  // the credential is masked
    auto har = nlohmann::json::parse(written);
    CHECK(har["log"]["entries"].size() == exchanges.size());
  }
  std::filesystem::remove_all(dir);
}

// The proxy's workers add exchanges at once; each entry must still arrive in one piece.
TEST_CASE("traffic HAR: exchanges added from many threads each arrive whole") {
  const auto dir = std::filesystem::temp_directory_path() / ("sonde-har-threads-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "traffic.har").string();
  auto writer = proxy::HarWriter::open(path, Redactor());
  REQUIRE(writer);
  const auto ex = exchange_with({{"Content-Type", "application/json"}}, std::string(20'000, 'b'));
  std::vector<std::thread> workers;
  for (int t = 0; t < 8; ++t)
    workers.emplace_back([&] {
      for (int i = 0; i < 40; ++i) writer->add(ex);
    });
  for (auto& w : workers) w.join();
  REQUIRE(writer->finish());
  std::ifstream in(path, std::ios::binary);
  const std::string written{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto har = nlohmann::json::parse(written, nullptr, false);
  REQUIRE_FALSE(har.is_discarded());
  CHECK(har["log"]["entries"].size() == 320);
  std::filesystem::remove_all(dir);
}

// A full disk mid-run: the error is returned by the add() that met it, once, so the proxy can
// say so while it runs; later exchanges are dropped, and finish() fails with the same error.
TEST_CASE("traffic HAR: a failed write is told once, when it happens") {
  if (!std::filesystem::exists("/dev/full")) {
    WARN("skipped: no /dev/full here");
    return;
  }
  auto writer = proxy::HarWriter::open("/dev/full", Redactor());
  REQUIRE(writer);
  const auto small = exchange_with({{"Content-Type", "application/json"}}, "{}");
  CHECK_FALSE(writer->add(small).has_value());  // still buffered: nothing written out yet
  const auto big = exchange_with({{"Content-Type", "application/json"}}, std::string(300'000, 'b'));
  auto told = writer->add(big);  // past the buffer: written out, and the device is full
  REQUIRE(told.has_value());
  CHECK(told->where == "/dev/full");
  CHECK_THAT(told->message, Catch::Contains("No space left on device"));
  CHECK_FALSE(writer->add(big).has_value());
  auto finished = writer->finish();
  REQUIRE_FALSE(finished);
  CHECK_THAT(finished.error().message, Catch::Contains("No space left on device"));
}
