#pragma once
/// Which operations and documented statuses of a description a `sonde test` run exercised, and
/// the gates on it (--min-coverage, --require-status).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/flow/run_result.hpp"
#include "core/openapi/view.hpp"

namespace sonde::flow {

struct CoverageRow {
  std::string operation;                ///< "POST /orders"
  std::vector<std::string> documented;  ///< response keys: "201", "4XX", "default"
  std::set<std::string> exercised;      ///< documented keys some response matched
  std::set<int> statuses;               ///< statuses actually seen (documented or not)
};

struct Coverage {
  std::vector<CoverageRow> rows;  ///< in document order
  int operations = 0, operations_hit = 0;
  int statuses = 0, statuses_hit = 0;  ///< documented (operation, response key) pairs
  std::vector<std::string> undocumented;  ///< "GET /favicon.ico" and friends
};

Coverage compute_coverage(const openapi::View& view, const std::vector<FileResult>& results);

struct CoverageGate {
  std::optional<double> operations_percent, statuses_percent;
  std::map<std::string, std::vector<std::string>> required;  ///< "POST /orders" -> {"201", "422"}
};

/// "operations=80%,statuses=50%" into `gate`.
Result<void> parse_min_coverage(const std::string& text, CoverageGate& gate);
/// "POST /orders=201,422" into `gate` (repeatable).
Result<void> parse_require_status(const std::string& text, CoverageGate& gate);

/// One line per unmet gate ("operations 40% < 80%", "POST /orders never answered 422").
std::vector<std::string> gate_failures(const Coverage& coverage, const CoverageGate& gate);

}  // namespace sonde::flow
