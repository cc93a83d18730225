#pragma once
/// `sonde check --generate`: plans the cases of the chosen phases for every chosen operation,
/// keeps only those whose validity the request validator confirms after serialisation, sends
/// them (N workers, connections reused), judges every response, runs the stateful sequences,
/// shrinks each distinct failure to a minimal request and writes it as curl and Hurl.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/check/generate/auth_login.hpp"
#include "core/check/generate/case.hpp"
#include "core/check/generate/reproduce.hpp"
#include "core/check/live_runner.hpp"
#include "core/openapi/document.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check::generate {

struct GenerateOptions {
  LiveOptions live;                   ///< base URL, operations, tags, -H, include_unsafe, max time
  std::set<Phase> phases = {Phase::examples, Phase::coverage, Phase::fuzzing, Phase::stateful};
  std::set<std::string> checks;       ///< check ids to run (choose_checks)
  std::uint64_t seed = 0;
  std::size_t max_examples = 10;      ///< fuzzing cases per operation
  std::size_t workers = 1;
  std::size_t max_failures = 0;       ///< stop after this many distinct findings; 0: never
  double max_response_ms = 0;         ///< max-response-time bound; 0: the check does not run
  bool dry_run = false;               ///< plan only: nothing is sent
  std::size_t shrink_budget = 40;     ///< requests spent shrinking one finding
  Redactor redactor;                  ///< how credentials appear in reproductions
  std::optional<LoginSpec> login;     ///< --auth-login
  std::string spec_path;              ///< named in reproduction comments
  /// Called after each case is judged (done, total), from worker threads; for a progress line.
  std::function<void(std::size_t, std::size_t)> on_progress;
};

/// One distinct failure: the first case (in plan order) that failed `check` on `operation`,
/// shrunk; `occurrences` counts every case that failed it there.
struct Finding {
  std::string check;
  std::string operation;  ///< "GET /items/{itemId}" ("PATCH /items/{itemId}" for unsupported-method)
  Phase phase = Phase::coverage;
  std::string label;      ///< the case, after shrinking
  std::string original;   ///< the case as generated, when shrinking changed it
  std::string message;
  int status = 0;
  std::size_t occurrences = 1;
  std::size_t shrink_steps = 0;  ///< accepted reductions
  Reproduction reproduction{};
};

struct PlanLine {
  std::string operation;
  std::map<std::string, std::size_t> cases;  ///< phase -> cases that will be sent
};

struct GenerateRun {
  std::uint64_t seed = 0;
  std::vector<std::string> phases;
  std::vector<PlanLine> plan;          ///< per operation, in document order
  std::size_t cases = 0;               ///< cases sent (or planned, for a dry run)
  std::size_t requests = 0;            ///< requests sent, shrinking and sequences included
  std::size_t logins = 0;              ///< --auth-login: tokens fetched (the first, then refreshes)
  std::size_t dropped = 0;             ///< generated values the request validator did not confirm
  std::vector<Finding> findings;       ///< in plan order
  std::vector<CheckError> errors;      ///< requests that got no response
  std::vector<std::string> notes;      ///< unsupported patterns, bodies not generated, ...
  bool stopped_early = false;          ///< --max-failures reached
  bool dry_run = false;
};

Result<GenerateRun> run_generate(const openapi::Document& doc, ContractChecker& checker, const GenerateOptions& options);

/// 1 when anything was found, else 4 when no request got a response, else 0.
int exit_status(const GenerateRun& run);

}  // namespace sonde::check::generate
