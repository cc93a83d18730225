#pragma once
/// The phases of one HTTP exchange as durations, and the pure mapping from libcurl's cumulative
/// *_TIME_T values (plus sonde's own DNS and request/response timestamps) to those durations.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sonde::timing {

/// What sonde observed for one exchange, in microseconds. The curl_* values are libcurl's
/// cumulative times from the start of its transfer; the optional marks come from the debug
/// callback and are on the same time line.
struct RawTimes {
  std::int64_t dns_us = 0;  ///< sonde's own lookup (c-ares), before libcurl started
  std::int64_t queue_us = 0;  ///< time the request waited for a connection before libcurl's clock ran
  std::int64_t curl_namelookup_us = 0;
  std::int64_t curl_connect_us = 0;
  std::int64_t curl_appconnect_us = 0;  ///< 0 for plain HTTP or a reused connection
  std::int64_t curl_pretransfer_us = 0;
  std::int64_t curl_starttransfer_us = 0;
  std::int64_t curl_total_us = 0;
  std::optional<std::int64_t> request_sent_us;  ///< last request byte handed to the socket
  std::optional<std::int64_t> first_byte_us;    ///< first byte of the *response* (status line / :status)
};

/// Phase durations in milliseconds; they add up to `total`.
struct Phases {
  double queue = 0, dns = 0, connect = 0, tls = 0, send = 0, wait = 0, transfer = 0, total = 0;
};

/// A phase name and how to read it, in display order (the table every renderer and gate uses).
struct PhaseField {
  std::string_view name;
  double Phases::*member;
};
inline constexpr std::array<PhaseField, 8> k_phase_fields{{
    {"queue", &Phases::queue},
    {"dns", &Phases::dns},
    {"connect", &Phases::connect},
    {"tls", &Phases::tls},
    {"send", &Phases::send},
    {"wait", &Phases::wait},
    {"transfer", &Phases::transfer},
    {"total", &Phases::total},
}};

/// Looks a phase up by name; nullptr when unknown.
const PhaseField* find_phase(std::string_view name);

/// Turns cumulative times into durations. Marks that run backwards are clamped so no phase is
/// negative; without the debug marks, libcurl's pretransfer/starttransfer stand in.
/// connect = CONNECT − NAMELOOKUP and tls = APPCONNECT − CONNECT, the events curl -w reads
/// (tests/integration/time/check_phase_marks.py pins them); send and wait use the debug marks.
Phases to_phases(const RawTimes& raw);

/// Adds b's phases to a's (used to sum the hops of a redirected run).
Phases add(const Phases& a, const Phases& b);

}  // namespace sonde::timing
