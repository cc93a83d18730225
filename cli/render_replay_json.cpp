#include "cli/replay_render.hpp"

namespace sonde::cli {

namespace {

double ms_value(replay::Duration d) {
  // Rounded to 0.1 ms: finer digits are noise and make documents needlessly long.
  double v = std::chrono::duration<double, std::milli>(d).count();
  return static_cast<double>(static_cast<long long>(v * 10 + 0.5)) / 10;
}

nlohmann::ordered_json attempt_json(const replay::Attempt& a) {
  return {{"started_ms", ms_value(a.started)},
          {"status", a.status ? nlohmann::ordered_json(*a.status) : nlohmann::ordered_json(nullptr)},
          {"error", a.error ? nlohmann::ordered_json(*a.error) : nlohmann::ordered_json(nullptr)},
          {"delay_ms", ms_value(a.delay)},
          {"reason", a.reason}};
}

}  // namespace

nlohmann::ordered_json replay_json(const std::vector<replay::ReplayOutcome>& outcomes, const Redactor& redactor) {
  nlohmann::ordered_json requests = nlohmann::ordered_json::array();
  for (const auto& o : outcomes) {
    nlohmann::ordered_json attempts = nlohmann::ordered_json::array();
    for (const auto& a : o.attempts) attempts.push_back(attempt_json(a));
    requests.push_back({{"name", o.request.name},
                        {"method", o.request.method},
                        {"url", redactor.shown_url(o.request.url)},
                        {"idempotency_key", o.idempotency_key ? nlohmann::ordered_json(*o.idempotency_key) : nlohmann::ordered_json(nullptr)},
                        {"attempts", attempts},
                        {"final_status", o.response ? nlohmann::ordered_json(o.response->status) : nlohmann::ordered_json(nullptr)}});
  }
  return {{"requests", requests}};
}

nlohmann::ordered_json probe_json(const replay::ProbeReport& report) {
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const auto& s : report.steps) {
    steps.push_back({{"name", s.name}, {"verdict", replay::verdict_name(s.verdict)}, {"evidence", s.evidence}});
  }
  return {{"verdict", replay::verdict_name(report.verdict)}, {"steps", steps}};
}

report::Suite replay_suite(const std::vector<replay::ReplayOutcome>& outcomes, const Redactor& redactor) {
  report::Suite suite{"sonde replay", {}};
  for (const auto& o : outcomes) {
    const std::string url = redactor.shown_url(o.request.url);
    report::TestCase c{o.request.method + " " + url, "sonde.replay." + o.request.name, report::Outcome::passed, 0, {}};
    for (const auto& a : o.attempts) c.time_ms = ms_value(a.started + a.elapsed);
    if (!o.response) {
      c.outcome = report::Outcome::error;
      c.findings.push_back({o.attempts.empty() ? "not sent" : o.attempts.back().reason, "no-response", url});
    } else if (o.response->status >= 400) {
      c.outcome = report::Outcome::failed;
      c.findings.push_back({o.attempts.back().reason, "status-" + std::to_string(o.response->status), url});
    }
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

report::Suite probe_suite(const replay::ProbeReport& report) {
  report::Suite suite{"sonde replay --check-idempotency", {}};
  for (const auto& s : report.steps) {
    report::TestCase c{s.name, "sonde.replay.idempotency", report::Outcome::passed, 0, {}};
    if (s.verdict == replay::Verdict::fail || s.verdict == replay::Verdict::warn) {
      c.outcome = s.verdict == replay::Verdict::fail ? report::Outcome::failed : report::Outcome::passed;
      if (s.verdict == replay::Verdict::fail) c.findings.push_back({s.evidence, s.name, ""});
    } else if (s.verdict == replay::Verdict::inconclusive) {
      c.outcome = report::Outcome::skipped;
      c.findings.push_back({s.evidence, s.name, ""});
    }
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

}  // namespace sonde::cli
