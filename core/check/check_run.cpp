#include "core/check/check_run.hpp"

#include <set>

namespace sonde::check {

Coverage coverage_of(const std::vector<const Operation*>& operations, const std::vector<ExchangeResult>& results) {
  Coverage c;
  c.operations = operations.size();
  std::set<std::string> names;
  for (const Operation* op : operations) {
    names.insert(op->name());
    auto responses = op->node->find("responses");
    if (responses != op->node->end() && responses->is_object()) c.statuses += responses->size();
  }
  std::set<std::string> ops_hit;
  std::set<std::pair<std::string, std::string>> statuses_hit;
  for (const auto& r : results) {
    if (!r.operation || !names.count(*r.operation)) continue;
    ops_hit.insert(*r.operation);
    if (!r.response_key.empty()) statuses_hit.insert({*r.operation, r.response_key});
  }
  c.operations_exercised = ops_hit.size();
  c.statuses_exercised = statuses_hit.size();
  return c;
}

Summary summarize(const CheckRun& run) {
  Summary s;
  s.exchanges = run.results.size();
  s.errors = run.errors.size();
  for (const auto& r : run.results) {
    if (!r.operation) ++s.unmatched;
    else if (r.passed()) ++s.passed;
    else ++s.failed;
  }
  return s;
}

int exit_status(const CheckRun& run) {
  auto s = summarize(run);
  if (s.failed) return 1;
  return s.errors ? 4 : 0;  // nothing failed, but some requests never got a response
}

}  // namespace sonde::check
