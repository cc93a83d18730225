#include "core/check/generate/runner.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "core/check/generate/checks.hpp"
#include "core/check/generate/executor.hpp"
#include "core/check/generate/idempotency.hpp"
#include "core/check/generate/planner.hpp"
#include "core/check/generate/schema_keywords.hpp"
#include "core/check/generate/shrink.hpp"
#include "core/check/generate/stateful.hpp"
#include "core/openapi/view.hpp"
#include "core/util/header_field.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::check::generate {

namespace {

// Headers that carry credentials: Authorization (http, oauth2, openIdConnect schemes) and the
// header names of apiKey schemes.
std::set<std::string> credential_names(const openapi::Document& doc) {
  std::set<std::string> names = {"authorization"};
  auto schemes = openapi::Document::child(openapi::Document::child(doc.root_node(), "components"), "securitySchemes");
  if (!schemes || !schemes->is_object()) return names;
  for (const auto& [key, raw] : schemes->items()) {
    auto scheme = doc.resolve_child(schemes, key);
    if (!scheme || !scheme->value) continue;
    const auto& s = doc.json(*scheme->value);
    if (keywords::text(s, "type") == "apiKey" && keywords::text(s, "in") == "header" && !keywords::text(s, "name").empty()) {
      names.insert(ascii_lower(keywords::text(s, "name")));
    }
  }
  return names;
}

struct Planned {
  Case c;
  LiveRequest request;
};

std::string request_key(const LiveRequest& r) {
  std::string key = r.method + " " + r.url + "\n";
  for (const auto& h : r.headers) key += h + "\n";
  return key + "\n" + r.body;
}

// Operations with a required body sonde does not generate (forms, multipart, binary): every
// request would lack it, and the server's 4xx would read as rejecting valid data.
bool body_not_generated(const openapi::Operation& op) {
  return op.body && op.body->required && json_media_type(*op.body).empty();
}

}  // namespace

int exit_status(const GenerateRun& run) {
  if (!run.findings.empty()) return 1;
  if (!run.dry_run && run.requests == 0 && !run.errors.empty()) return 4;
  return 0;
}

Result<GenerateRun> run_generate(const openapi::Document& doc, ContractChecker& checker, const GenerateOptions& options) {
  for (const auto& h : options.live.headers) {
    if (auto ok = check_header_line(h, ErrorKind::usage, "-H"); !ok) return std::unexpected(ok.error());
  }
  auto view = openapi::build_view(doc);
  if (!view) return std::unexpected(view.error());
  auto chosen_ids = choose_operations(checker.index(), options.live);
  if (!chosen_ids) return std::unexpected(chosen_ids.error());
  GenerateRun run;
  run.seed = options.seed;
  run.dry_run = options.dry_run;
  for (auto p : options.phases) run.phases.emplace_back(phase_name(p));
  std::vector<const openapi::Operation*> chosen;
  for (const auto* id : *chosen_ids) {
    for (const auto& op : view->operations) {
      if (op.name() != id->name()) continue;
      if (body_not_generated(op)) {
        run.notes.push_back(op.name() + ": its required " + (op.body->content.empty() ? std::string("body") : op.body->content.front().name) +
                            " body is not generated; the operation is skipped");
      } else {
        chosen.push_back(&op);
      }
      break;
    }
  }
  if (chosen.empty()) return fail(ErrorKind::usage, "no operation to check (see --operation, --tag, --include-unsafe)");

  Target target{options.live.base_url, options.live.headers, credential_names(doc), options.live.max_time_s};
  if (options.login && !options.dry_run) {
    std::vector<std::string> plain;  // the login goes without the user's credentials
    for (const auto& h : options.live.headers) {
      if (!target.credential_names.count(ascii_lower(h.substr(0, h.find(':'))))) plain.push_back(h);
    }
    target.login = std::make_shared<TokenSource>(*options.login, options.live.base_url, plain, options.live.max_time_s);
    if (auto token = target.login->login(); !token) return std::unexpected(token.error());
  }
  RequestChecker requests(doc);
  Executor executor(checker, requests, target, options.checks);
  PlanOptions plan_options{options.phases, options.seed, options.max_examples, options.live.include_unsafe};
  Planner planner(doc, *view, plan_options);
  planner.set_validity([&](const Case& c) { return executor.confirmed(c, serialize(c, target)); });

  // Plan: every case serialised, confirmed by the validator, duplicates dropped.
  std::vector<Planned> planned;
  std::set<std::string> seen;
  auto admit = [&](Case c) {
    own_idempotency_key(c, options.seed, planned.size() + run.dropped);
    auto request = serialize(c, target);
    if (!executor.confirmed(c, request)) {
      ++run.dropped;
      return;
    }
    if (!seen.insert(std::to_string(static_cast<int>(c.intent)) + request_key(request)).second) return;
    planned.push_back({std::move(c), std::move(request)});
  };
  for (const auto* op : chosen) {
    PlanLine line{op->name(), {}};
    std::size_t before = planned.size();
    for (auto& c : planner.cases(*op)) admit(std::move(c));
    for (std::size_t i = before; i < planned.size(); ++i) ++line.cases[std::string(phase_name(planned[i].c.phase))];
    run.plan.push_back(std::move(line));
  }
  if (options.phases.count(Phase::coverage) && options.checks.count(check_id::method)) {
    for (auto& c : planner.unsupported_methods(chosen)) {
      std::size_t before = planned.size();
      std::string name = c.method + " " + c.op->path;
      admit(std::move(c));
      if (planned.size() > before) run.plan.push_back({name, {{"coverage", 1}}});
    }
  }
  std::size_t sequences = 0;
  if (options.phases.count(Phase::stateful)) {
    sequences = sequence_starts(chosen);
    if (options.checks.count(check_id::idempotency)) {
      sequences += static_cast<std::size_t>(std::count_if(chosen.begin(), chosen.end(), [](const openapi::Operation* op) { return declares_idempotency_key(*op); }));
    }
  }
  if (sequences) run.plan.push_back({"sequences", {{"stateful", sequences}}});
  for (const auto& p : planner.unsupported_patterns()) run.notes.push_back("fuzzing skips values with " + p);
  for (const auto& op : planner.without_baseline()) {
    run.notes.push_back(op + ": no valid request found (examples, generated and random values were refused by the validator); only its fuzzing cases run");
  }
  run.cases = planned.size() + sequences;
  if (options.dry_run) return run;

  // Send: workers take cases in plan order; results land in their case's slot.
  std::vector<Outcome> outcomes(planned.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::mutex findings_mutex;
  std::set<std::pair<std::string, std::string>> distinct;
  auto work = [&] {
    LiveClient client;
    for (std::size_t i; !stop && (i = next++) < planned.size();) {
      outcomes[i] = executor.run(client, planned[i].c, planned[i].request);
      // Only failing cases are looked at again (shrinking, reports): a passing one keeps no body.
      if (outcomes[i].verdicts.empty() && outcomes[i].response) {
        outcomes[i].response->body = BodyBuffer();
        outcomes[i].body.clear();
        outcomes[i].body.shrink_to_fit();
      }
      if (!outcomes[i].verdicts.empty() && options.max_failures) {
        std::lock_guard lock(findings_mutex);
        for (const auto& v : outcomes[i].verdicts) distinct.emplace(v.check, planned[i].c.op->name());
        if (distinct.size() >= options.max_failures) stop = true;
      }
      if (options.on_progress) options.on_progress(++done, planned.size());
    }
  };
  std::size_t workers = std::max<std::size_t>(1, std::min(options.workers, planned.size()));
  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  run.stopped_early = stop;

  // Judge: the first failing case per (check, operation) becomes the finding, shrunk.
  LiveClient client;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  auto comment = [&](const Finding& f) {
    return "sonde check --generate, seed " + std::to_string(options.seed) + ": " + f.check + " on " + f.operation +
           "\n" + f.message + "\nrun with: sonde test --spec " + options.spec_path + " FILE";
  };
  for (std::size_t i = 0; i < planned.size(); ++i) {
    auto& o = outcomes[i];
    const Case& c = planned[i].c;
    if (o.error) run.errors.push_back({c.op->name(), o.request.method, o.request.url, describe(*o.error)});
    if (o.response) ++run.requests;
    for (const auto& v : o.verdicts) {
      std::string operation = c.method + " " + c.op->path;
      auto key = std::make_pair(v.check, operation);
      if (auto it = index.find(key); it != index.end()) {
        ++run.findings[it->second].occurrences;
        continue;
      }
      index[key] = run.findings.size();
      Finding f{v.check, operation, c.phase, c.label, {}, v.message, o.response->status};
      Shrunk s{c, o, 0, 0};
      if (c.intent == Intent::positive || c.intent == Intent::negative || c.intent == Intent::missing_header) {
        s = shrink(executor, client, c, o, v.check, options.shrink_budget);
        run.requests += s.requests;
      }
      if (s.steps) {
        f.original = f.label;
        f.label = s.c.label;
        f.shrink_steps = s.steps;
        for (const auto& sv : s.outcome.verdicts) {
          if (sv.check == v.check) f.message = sv.message;
        }
        f.status = s.outcome.response->status;
      }
      f.reproduction = reproduce({{s.outcome.request, {}, {}}}, f.check, comment(f), options.redactor,
                                 static_cast<long>(options.max_response_ms));
      run.findings.push_back(std::move(f));
    }
  }

  if (options.phases.count(Phase::stateful) && !run.stopped_early) {
    auto report = run_sequences(executor, client, planner, chosen);
    auto keyed = run_idempotency(executor, client, planner, chosen, options.seed);
    report.requests += keyed.requests;
    report.errors.insert(report.errors.end(), keyed.errors.begin(), keyed.errors.end());
    for (auto& f : keyed.failures) report.failures.push_back(std::move(f));
    run.requests += report.requests - report.errors.size();
    run.errors.insert(run.errors.end(), report.errors.begin(), report.errors.end());
    run.notes.insert(run.notes.end(), report.notes.begin(), report.notes.end());
    for (auto& failure : report.failures) {
      std::string operation = failure.c.method + " " + failure.c.op->path;
      auto key = std::make_pair(failure.verdict.check, operation);
      if (auto it = index.find(key); it != index.end()) {
        ++run.findings[it->second].occurrences;
        continue;
      }
      index[key] = run.findings.size();
      Finding f{failure.verdict.check, operation, Phase::stateful, failure.c.label, {}, failure.verdict.message, failure.status};
      f.reproduction = reproduce(failure.steps, f.check, comment(f), options.redactor, static_cast<long>(options.max_response_ms));
      run.findings.push_back(std::move(f));
    }
  }
  if (target.login) run.logins = target.login->logins();
  return run;
}

}  // namespace sonde::check::generate
