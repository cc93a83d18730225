#include "core/timing/load_gate.hpp"

#include <charconv>
#include <cstdio>

#include "core/timing/thresholds.hpp"
#include "core/util/comma_list.hpp"

namespace sonde::timing {

namespace {

constexpr const char* k_stats = "min, p50, p90, p99, p99.9, max or mean";
constexpr const char* k_phases = "connect, tls, send, wait, transfer or total";

bool known_stat(const std::string& s) {
  return s == "min" || s == "p50" || s == "p90" || s == "p99" || s == "p99.9" || s == "max" || s == "mean";
}

bool known_phase(const std::string& p) {
  return p == "connect" || p == "tls" || p == "send" || p == "wait" || p == "transfer" || p == "total";
}

Result<double> number(const std::string& text, const std::string& item) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return fail(ErrorKind::usage, "not a number: '" + text + "'", item);
  }
  return value;
}

Result<LoadGate> parse_max(const std::string& item) {
  LoadGate g;
  g.text = item;
  auto eq = item.find('=');
  if (eq == std::string::npos) return fail(ErrorKind::usage, "a limit needs NAME=VALUE", item, "e.g. --max p99:total=250ms,fail-rate=1%");
  std::string lhs = item.substr(0, eq), rhs = item.substr(eq + 1);
  if (lhs == "fail-rate") {
    if (!rhs.ends_with("%")) return fail(ErrorKind::usage, "fail-rate takes a percentage", item, "e.g. fail-rate=1%");
    auto value = number(rhs.substr(0, rhs.size() - 1), item);
    if (!value) return std::unexpected(value.error());
    g.kind = LoadGate::Kind::fail_rate;
    g.limit = *value / 100.0;
    return g;
  }
  if (auto colon = lhs.find(':'); colon != std::string::npos) {
    g.stat = lhs.substr(0, colon);
    lhs = lhs.substr(colon + 1);
  }
  if (!known_stat(g.stat)) return fail(ErrorKind::usage, "unknown statistic '" + g.stat + "'", item, std::string("use ") + k_stats);
  if (!known_phase(lhs)) return fail(ErrorKind::usage, "unknown phase '" + lhs + "'", item, std::string("use ") + k_phases + ", or fail-rate");
  g.phase = lhs;
  auto limit = parse_duration_ms(rhs);
  if (!limit) return fail(ErrorKind::usage, limit.error().message, item, limit.error().hint);
  g.limit = *limit;
  return g;
}

Result<LoadGate> parse_min(const std::string& item) {
  LoadGate g;
  g.text = item;
  g.kind = LoadGate::Kind::rps;
  g.at_most = false;
  auto eq = item.find('=');
  if (eq == std::string::npos || item.substr(0, eq) != "rps") {
    return fail(ErrorKind::usage, "--min takes rps=N", item, "e.g. --min rps=450");
  }
  auto value = number(item.substr(eq + 1), item);
  if (!value) return std::unexpected(value.error());
  g.limit = *value;
  return g;
}

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

double latency_ms(const LoadGate& g, const LoadResult& r) {
  const Histogram* h = &r.latency;
  if (g.phase != "total") {
    auto it = r.phases.find(g.phase);
    static const Histogram empty;
    h = it == r.phases.end() ? &empty : &it->second;
  }
  std::int64_t us = 0;
  if (g.stat == "min") us = h->min();
  else if (g.stat == "max") us = h->max();
  else if (g.stat == "mean") return h->mean() / 1000.0;
  else us = h->percentile(std::stod(g.stat.substr(1)));
  return static_cast<double>(us) / 1000.0;
}

}  // namespace

Result<std::vector<LoadGate>> parse_load_gates(const std::string& max, const std::string& min) {
  std::vector<LoadGate> gates;
  for (const auto& item : nonempty_comma_items(max)) {
    auto gate = parse_max(item);
    if (!gate) return std::unexpected(gate.error());
    gates.push_back(*gate);
  }
  for (const auto& item : nonempty_comma_items(min)) {
    auto gate = parse_min(item);
    if (!gate) return std::unexpected(gate.error());
    gates.push_back(*gate);
  }
  return gates;
}

std::vector<Check> run_load_checks(const std::vector<LoadGate>& gates, const LoadResult& result) {
  std::vector<Check> checks;
  for (const auto& g : gates) {
    Check c;
    switch (g.kind) {
      case LoadGate::Kind::latency: {
        double actual = latency_ms(g, result);
        c.name = g.stat + ":" + g.phase + "<=" + fixed(g.limit, 3) + " ms";
        c.passed = actual <= g.limit;
        c.message = g.stat + " of " + g.phase + " is " + fixed(actual, 3) + " ms" + (c.passed ? ", within " : ", over ") +
                    "the limit of " + fixed(g.limit, 3) + " ms";
        break;
      }
      case LoadGate::Kind::fail_rate: {
        double actual = result.fail_rate();
        c.name = "fail-rate<=" + fixed(g.limit * 100, 2) + "%";
        c.passed = actual <= g.limit;
        c.message = "fail rate is " + fixed(actual * 100, 2) + "% (" + std::to_string(result.failed()) + " of " +
                    std::to_string(result.completed) + ")" + (c.passed ? ", within " : ", over ") + "the limit of " +
                    fixed(g.limit * 100, 2) + "%";
        break;
      }
      case LoadGate::Kind::rps: {
        double actual = result.rps();
        c.name = "rps>=" + fixed(g.limit, 1);
        c.passed = actual >= g.limit;
        c.message = "throughput is " + fixed(actual, 1) + " requests/s" + (c.passed ? ", at least " : ", under ") +
                    "the minimum of " + fixed(g.limit, 1);
        break;
      }
    }
    checks.push_back(c);
  }
  return checks;
}

}  // namespace sonde::timing
