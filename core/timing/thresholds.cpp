#include "core/timing/thresholds.hpp"

#include <charconv>
#include <cmath>

#include "core/timing/phases.hpp"
#include "core/util/comma_list.hpp"
#include "core/util/text.hpp"

namespace sonde::timing {

namespace {

struct Unit {
  std::string_view suffix;
  double to_ms;
};
// Longest suffixes first so "ms" is not read as "s".
constexpr Unit k_units[] = {{"us", 0.001}, {"ms", 1.0}, {"s", 1000.0}};

std::string trim_blanks(std::string_view s) { return std::string(sonde::trim(s, " \t")); }

Result<Threshold> parse_one(const std::string& item) {
  Threshold t;
  t.text = item;
  auto eq = item.find('=');
  if (eq == std::string::npos) {
    return fail(ErrorKind::usage, "threshold needs PHASE=DURATION", item, "e.g. --max total=500ms,p99:wait=200ms");
  }
  std::string lhs = trim_blanks(item.substr(0, eq));
  if (auto colon = lhs.find(':'); colon != std::string::npos) {
    t.stat = lhs.substr(0, colon);
    lhs = lhs.substr(colon + 1);
  }
  if (!stat_value(Stats{}, t.stat)) {
    return fail(ErrorKind::usage, "unknown statistic '" + t.stat + "'", item, "use min, p50, p90, p99, max, mean or stddev");
  }
  if (!find_phase(lhs)) {
    return fail(ErrorKind::usage, "unknown phase '" + lhs + "'", item,
                "use queue, dns, connect, tls, send, wait, transfer or total");
  }
  t.phase = lhs;
  auto limit = parse_duration_ms(trim_blanks(item.substr(eq + 1)));
  if (!limit) return fail(ErrorKind::usage, limit.error().message, item, limit.error().hint);
  t.limit_ms = *limit;
  return t;
}

}  // namespace

Result<double> parse_duration_ms(const std::string& text) {
  double factor = 1.0;
  std::string number = text;
  for (const auto& unit : k_units) {
    if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
      factor = unit.to_ms;
      number = text.substr(0, text.size() - unit.suffix.size());
      break;
    }
  }
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || end != number.data() + number.size() || !std::isfinite(value) || value < 0) {
    return fail(ErrorKind::usage, "bad duration '" + text + "'", text, "write e.g. 500ms, 1.5s or 800us");
  }
  return value * factor;
}

Result<std::vector<Threshold>> parse_thresholds(const std::string& spec) {
  std::vector<Threshold> out;
  for (const auto& item : nonempty_comma_items(spec)) {
    auto parsed = parse_one(item);
    if (!parsed) return std::unexpected(parsed.error());
    out.push_back(*parsed);
  }
  if (out.empty()) return fail(ErrorKind::usage, "empty threshold list", spec, "e.g. --max total=500ms");
  return out;
}

std::vector<ThresholdResult> evaluate(const std::vector<Threshold>& thresholds,
                                      const std::map<std::string, Stats>& summary) {
  std::vector<ThresholdResult> results;
  for (const auto& t : thresholds) {
    ThresholdResult r{t, 0.0, true};
    if (auto it = summary.find(t.phase); it != summary.end()) r.actual_ms = stat_value(it->second, t.stat).value_or(0.0);
    r.passed = r.actual_ms <= t.limit_ms;
    results.push_back(r);
  }
  return results;
}

}  // namespace sonde::timing
