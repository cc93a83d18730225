#include "core/mock/fault_plan.hpp"

#include "core/util/duration.hpp"
#include "core/util/token_bucket.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace sonde::mock {

namespace {

Result<double> parse_number(std::string_view text, std::string_view what) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    return fail(ErrorKind::usage, "invalid " + std::string(what) + " \"" + std::string(text) + "\"");
  }
  return value;
}

}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  // The one syntax of every duration option (a bare number is seconds), rounded up to whole ms.
  auto parsed = sonde::parse_duration(text, "latency", true);
  if (!parsed) return std::unexpected(parsed.error());
  return Millis(static_cast<long long>(std::ceil(parsed->count() * 1000.0 - 1e-9)));
}

Result<LatencyRange> parse_latency(std::string_view text) {
  auto dots = text.find("..");
  if (dots == std::string_view::npos) {
    auto fixed = parse_duration(text);
    if (!fixed) return std::unexpected(fixed.error());
    return LatencyRange{*fixed, *fixed};
  }
  auto low = parse_duration(text.substr(0, dots));
  auto high = parse_duration(text.substr(dots + 2));
  if (!low) return std::unexpected(low.error());
  if (!high) return std::unexpected(high.error());
  if (*high < *low) return fail(ErrorKind::usage, "latency range \"" + std::string(text) + "\" ends before it starts");
  return LatencyRange{*low, *high};
}

Result<FailRate> parse_fail_rate(std::string_view text) {
  auto colon = text.find(':');
  auto probability = parse_probability(text.substr(0, colon), "--fail-rate");
  if (!probability) return std::unexpected(probability.error());
  FailRate rate{*probability, 503};
  if (colon != std::string_view::npos) {
    std::string_view status = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(status.data(), status.data() + status.size(), rate.status);
    if (ec != std::errc() || end != status.data() + status.size() || rate.status < 100 || rate.status > 599) {
      return fail(ErrorKind::usage, "invalid status in --fail-rate \"" + std::string(text) + "\"", {},
                  "write PROBABILITY:STATUS, e.g. 0.2:503");
    }
  }
  return rate;
}

Result<RateLimit> parse_rate_limit(std::string_view text) {
  auto rate = parse_rate(text);
  if (!rate) {
    return fail(ErrorKind::usage, "invalid rate \"" + std::string(text) + "\"", {},
                "write COUNT/s, COUNT/m or COUNT/h, e.g. 5/s");
  }
  return RateLimit{*rate};
}

Result<double> parse_probability(std::string_view text, std::string_view option) {
  auto value = parse_number(text, std::string(option) + " probability");
  if (!value || *value > 1.0) {
    return fail(ErrorKind::usage, "invalid " + std::string(option) + " probability \"" + std::string(text) + "\"", {},
                "a probability is a number from 0 to 1");
  }
  return *value;
}

FaultDecision draw(const FaultPlan& plan, std::mt19937_64& random) {
  FaultDecision decision;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto span = plan.latency.max - plan.latency.min;
  decision.delay = plan.latency.min;
  if (span.count() > 0) {
    std::uniform_int_distribution<long long> extra(0, span.count());
    decision.delay += Millis(extra(random));
  }
  if (plan.fail.probability > 0 && unit(random) < plan.fail.probability) decision.fail_status = plan.fail.status;
  if (plan.reset_probability > 0 && unit(random) < plan.reset_probability) decision.reset = true;
  return decision;
}

}  // namespace sonde::mock
