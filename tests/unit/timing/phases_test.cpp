#include <catch2/catch.hpp>

#include "core/timing/phases.hpp"

using sonde::timing::Phases;
using sonde::timing::RawTimes;
using sonde::timing::to_phases;

namespace {

RawTimes https_cold() {
  RawTimes raw;
  raw.dns_us = 800;
  raw.curl_namelookup_us = 20;
  raw.curl_connect_us = 50'420;
  raw.curl_appconnect_us = 104'520;
  raw.curl_pretransfer_us = 104'600;
  raw.curl_starttransfer_us = 155'500;
  raw.curl_total_us = 155'600;
  raw.request_sent_us = 104'700;
  raw.first_byte_us = 155'500;
  return raw;
}

}  // namespace

TEST_CASE("cumulative libcurl times become durations that add up to total", "[timing][phases]") {
  Phases p = to_phases(https_cold());
  CHECK(p.dns == Approx(0.820));
  CHECK(p.connect == Approx(50.400));
  CHECK(p.tls == Approx(54.100));
  CHECK(p.send == Approx(0.180));
  CHECK(p.wait == Approx(50.800));
  CHECK(p.transfer == Approx(0.100));
  CHECK(p.queue == 0.0);
  CHECK(p.total == Approx(p.dns + p.connect + p.tls + p.send + p.wait + p.transfer));
  CHECK(p.total == Approx(0.8 + 155.6));
}

TEST_CASE("the response's first byte wins over curl's starttransfer", "[timing][phases]") {
  // HTTP/2 over TLS 1.3: curl's starttransfer fires on the server's SETTINGS, 25 ms early.
  RawTimes raw = https_cold();
  raw.curl_starttransfer_us = 130'000;
  CHECK(to_phases(raw).wait == Approx(50.800));
  raw.first_byte_us.reset();
  raw.request_sent_us.reset();
  Phases fallback = to_phases(raw);
  CHECK(fallback.send == Approx(0.080));
  CHECK(fallback.wait == Approx(25.400));
}

TEST_CASE("plain HTTP has no TLS phase and a reused connection no connect phase", "[timing][phases]") {
  RawTimes plain;
  plain.curl_namelookup_us = 10;
  plain.curl_connect_us = 310;
  plain.curl_pretransfer_us = 330;
  plain.request_sent_us = 400;
  plain.first_byte_us = 2'400;
  plain.curl_total_us = 2'500;
  Phases p = to_phases(plain);
  CHECK(p.tls == 0.0);
  CHECK(p.connect == Approx(0.300));
  CHECK(p.send == Approx(0.090));

  RawTimes reused;
  reused.curl_pretransfer_us = 30;
  reused.request_sent_us = 50;
  reused.first_byte_us = 1'050;
  reused.curl_total_us = 1'100;
  Phases r = to_phases(reused);
  CHECK(r.connect == 0.0);
  CHECK(r.tls == 0.0);
  CHECK(r.wait == Approx(1.0));
  CHECK(r.total == Approx(1.1));
}

TEST_CASE("marks that run backwards never make a phase negative", "[timing][phases]") {
  RawTimes raw;
  raw.curl_namelookup_us = 100;
  raw.curl_connect_us = 50;  // earlier than the lookup
  raw.curl_appconnect_us = 0;
  raw.request_sent_us = 40;
  raw.first_byte_us = 30;
  raw.curl_total_us = 20;
  Phases p = to_phases(raw);
  for (const auto& field : sonde::timing::k_phase_fields) CHECK(p.*field.member >= 0.0);
  CHECK(p.total == Approx(0.1));
}

TEST_CASE("queue time is its own phase and part of total", "[timing][phases]") {
  RawTimes raw = https_cold();
  raw.queue_us = 104'000;
  Phases p = to_phases(raw);
  CHECK(p.queue == Approx(104.0));
  CHECK(p.total == Approx(104.0 + 0.8 + 155.6));
}

TEST_CASE("phases are found by name and added hop by hop", "[timing][phases]") {
  CHECK(sonde::timing::find_phase("wait") != nullptr);
  CHECK(sonde::timing::find_phase("ttfb") == nullptr);
  Phases a = to_phases(https_cold());
  Phases sum = sonde::timing::add(a, a);
  CHECK(sum.tls == Approx(2 * a.tls));
  CHECK(sum.total == Approx(2 * a.total));
}
