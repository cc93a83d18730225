#include "core/check/generate/idempotency.hpp"

#include "core/check/generate/checks.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check::generate {

namespace {

std::optional<std::size_t> key_parameter(const openapi::Operation& op) {
  for (std::size_t i = 0; i < op.parameters.size(); ++i) {
    if (op.parameters[i].in == "header" && iequals_ascii(op.parameters[i].name, "Idempotency-Key")) return i;
  }
  return std::nullopt;
}

std::string header_or_empty(const HttpExchange& e, const char* name) {
  const auto* h = find_header(e.headers, name);
  return h ? *h : std::string();
}

}  // namespace

void own_idempotency_key(Case& c, std::uint64_t seed, std::size_t n) {
  auto index = key_parameter(*c.op);
  if (!index || *index >= c.values.params.size() || !c.values.params[*index]) return;
  if (c.label.find("header " + c.op->parameters[*index].name) != std::string::npos) return;
  c.values.params[*index] = "sonde-" + std::to_string(seed) + "-" + std::to_string(n);
}

bool declares_idempotency_key(const openapi::Operation& op) { return op.method == "POST" && key_parameter(op).has_value(); }

SequenceReport run_idempotency(Executor& executor, LiveClient& client, Planner& planner,
                               const std::vector<const openapi::Operation*>& chosen, std::uint64_t seed) {
  SequenceReport report;
  if (!executor.checks().count(check_id::idempotency)) return report;
  for (const auto* op : chosen) {
    auto index = key_parameter(*op);
    if (op->method != "POST" || !index) continue;
    auto base = planner.baseline(*op);
    if (!base) continue;
    Case c{op, op->method, Phase::stateful, Intent::positive, "the same Idempotency-Key twice", *base};
    // Derived from the seed and the operation, so a report is the same on every run; a server
    // that kept the key from an earlier run answers both requests from its store, which passes.
    std::uint64_t h = seed * 1099511628211ULL + 1469598103934665603ULL;
    for (char ch : op->name()) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    c.values.params[*index] = "sonde-" + std::to_string(h % 1000000000000ULL);
    auto request = serialize(c, executor.target());
    if (!executor.confirmed(c, request)) continue;
    ++report.sequences;
    Outcome first = executor.run(client, c, request);
    ++report.requests;
    if (!first.response) {
      report.errors.push_back({op->name(), request.method, request.url, first.error ? describe(*first.error) : "no response"});
      continue;
    }
    if (first.response->status < 200 || first.response->status >= 300) continue;
    Outcome second = executor.run(client, c, request);
    ++report.requests;
    if (!second.response) continue;
    std::vector<Step> steps{{first.request, {{"first_body", "body"}}, {}}, {second.request, {}, {}}};
    std::string why;
    int s1 = first.response->status, s2 = second.response->status;
    if (s1 != s2) why = "status " + std::to_string(s1) + ", then " + std::to_string(s2);
    else if (header_or_empty(*first.response, "Location") != header_or_empty(*second.response, "Location")) {
      why = "Location " + header_or_empty(*first.response, "Location") + ", then " + header_or_empty(*second.response, "Location");
    } else if (first.body != second.body) {
      why = "a different body the second time";
    }
    if (!why.empty()) {
      report.failures.push_back({c, {check_id::idempotency, "the same Idempotency-Key and body got " + why}, s2, std::move(steps)});
    }
  }
  return report;
}

}  // namespace sonde::check::generate
