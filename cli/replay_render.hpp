#pragma once
/// Rendering for `sonde replay`: the attempt timeline (stderr), the final response, --dry-run,
/// the idempotency probe, and the JSON documents of the contract in man/sonde-replay.1.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/style.hpp"
#include "core/replay/attempt_runner.hpp"
#include "core/replay/idempotency_probe.hpp"
#include "core/util/redaction.hpp"
#include "core/report/check_report.hpp"

namespace sonde::cli {

/// "POST http://host/orders  (api.http:7)  Idempotency-Key: ..." opening a request's timeline.
std::string timeline_header(const replay::Request& request, const Redactor& redactor, const Style& style);

/// The request's headers as sent, masked, one "  > Name: value" line each (for -v).
std::string request_head_text(const replay::Request& request, const Redactor& redactor, const Style& style);

/// "  #2  +1.2 s  503  503, Retry-After: 2; waiting 2.0 s" for one attempt.
std::string timeline_line(int number, const replay::Attempt& attempt, const Style& style);

/// The final response: body; with `include`, the status line and (masked) headers first.
std::string response_text(const replay::Response& response, bool include, const Redactor& redactor);

/// The resolved request (masked) and the retry plan that would apply to it.
std::string dry_run_text(const replay::Request& request, const replay::RetryPolicy& policy,
                         const Redactor& redactor);

/// The probe's verdict per step and overall.
std::string probe_text(const replay::ProbeReport& report, const Style& style);

/// {"requests":[{"name","method","url","idempotency_key","attempts":[...],"final_status"}]}
nlohmann::ordered_json replay_json(const std::vector<replay::ReplayOutcome>& outcomes, const Redactor& redactor);

/// {"verdict":"...","steps":[{"name","verdict","evidence"}]}
nlohmann::ordered_json probe_json(const replay::ProbeReport& report);

/// One JUnit case per request (failed: 4xx/5xx; error: no response).
report::Suite replay_suite(const std::vector<replay::ReplayOutcome>& outcomes, const Redactor& redactor);

/// One JUnit case per probe step (failed: fail/warn; skipped: inconclusive).
report::Suite probe_suite(const replay::ProbeReport& report);

}  // namespace sonde::cli
