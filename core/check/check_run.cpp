#include "core/check/check_run.hpp"

namespace sonde::check {

void CoverageTally::add(const ExchangeResult& r) {
  if (!r.operation) return;
  operations_.insert(*r.operation);
  if (!r.response_key.empty()) statuses_.insert({*r.operation, r.response_key});
}

Coverage CoverageTally::of(const std::vector<const Operation*>& operations) const {
  Coverage c;
  c.operations = operations.size();
  std::set<std::string> names;
  for (const Operation* op : operations) {
    names.insert(op->name());
    auto responses = op->node->find("responses");
    if (responses != op->node->end() && responses->is_object()) c.statuses += responses->size();
  }
  for (const auto& name : operations_) c.operations_exercised += names.count(name);
  for (const auto& [name, key] : statuses_) c.statuses_exercised += names.count(name);
  return c;
}

Coverage coverage_of(const std::vector<const Operation*>& operations, const std::vector<ExchangeResult>& results) {
  CoverageTally tally;
  for (const auto& r : results) tally.add(r);
  return tally.of(operations);
}

void count(Summary& s, const ExchangeResult& r) {
  ++s.exchanges;
  if (!r.operation) ++s.unmatched;
  else if (r.passed()) ++s.passed;
  else ++s.failed;
}

Summary summarize(const CheckRun& run) {
  Summary s;
  for (const auto& r : run.results) count(s, r);
  s.errors = run.errors.size();
  return s;
}

RunTotals CheckRunRecords::totals() const {
  RunTotals t{summarize(run_), 0, run_.coverage};
  for (const auto& r : run_.results) t.time_ms += r.time_ms;
  return t;
}

Result<void> CheckRunRecords::each_result(const std::function<void(const ExchangeResult&)>& visit) const {
  for (const auto& r : run_.results) visit(r);
  return {};
}

Result<void> CheckRunRecords::each_error(const std::function<void(const CheckError&)>& visit) const {
  for (const auto& e : run_.errors) visit(e);
  return {};
}

int exit_status(const Summary& s) {
  if (s.failed) return 1;
  return s.errors ? 4 : 0;  // nothing failed, but some requests never got a response
}

}  // namespace sonde::check
