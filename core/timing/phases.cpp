#include "core/timing/phases.hpp"

#include <algorithm>

namespace sonde::timing {

namespace {

double ms(std::int64_t us) { return static_cast<double>(us) / 1000.0; }

}  // namespace

const PhaseField* find_phase(std::string_view name) {
  for (const auto& field : k_phase_fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

Phases to_phases(const RawTimes& raw) {
  // Cumulative marks on libcurl's time line, each forced to be >= the one before. libcurl's
  // appconnect is 0 when there was no handshake, so it falls back to the connect mark.
  const std::int64_t lookup = std::max<std::int64_t>(0, raw.curl_namelookup_us);
  const std::int64_t connected = std::max(lookup, raw.curl_connect_us);
  const std::int64_t secured = std::max(connected, raw.curl_appconnect_us);
  // curl's starttransfer fires on any first byte (on HTTP/2 over TLS 1.3 that can be the
  // server's SETTINGS or session ticket), so the debug marks are preferred when present.
  const std::int64_t sent = std::max(secured, raw.request_sent_us.value_or(raw.curl_pretransfer_us));
  const std::int64_t first = std::max(sent, raw.first_byte_us.value_or(raw.curl_starttransfer_us));
  const std::int64_t done = std::max(first, raw.curl_total_us);

  Phases p;
  p.queue = ms(std::max<std::int64_t>(0, raw.queue_us));
  p.dns = ms(std::max<std::int64_t>(0, raw.dns_us) + lookup);
  p.connect = ms(connected - lookup);
  p.tls = ms(secured - connected);
  p.send = ms(sent - secured);
  p.wait = ms(first - sent);
  p.transfer = ms(done - first);
  p.total = p.queue + p.dns + p.connect + p.tls + p.send + p.wait + p.transfer;
  return p;
}

Phases add(const Phases& a, const Phases& b) {
  Phases sum;
  for (const auto& field : k_phase_fields) sum.*field.member = a.*field.member + b.*field.member;
  return sum;
}

}  // namespace sonde::timing
