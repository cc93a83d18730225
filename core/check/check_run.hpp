#pragma once
/// The outcome of one `sonde check` run: a result per exchange, in order, and what was covered.
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

/// Live mode: documented response codes per operation and the ones actually seen.
struct Coverage {
  std::size_t operations = 0;            ///< operations in the description
  std::size_t operations_exercised = 0;  ///< operations that got a response
  std::size_t statuses = 0;              ///< documented (operation, status) pairs
  std::size_t statuses_exercised = 0;    ///< of those, the ones a response hit
};

/// A result that could not be produced (live mode: the server was unreachable for it).
struct CheckError {
  std::string operation;
  std::string method, url;
  std::string message;
};

struct CheckRun {
  std::vector<ExchangeResult> results;
  std::vector<CheckError> errors;
  std::optional<Coverage> coverage;
  std::vector<std::string> unknown_formats;
};

struct Summary {
  std::size_t exchanges = 0, passed = 0, failed = 0, unmatched = 0, errors = 0;
};

/// Adds one result to the counts: passed, failed (violations) or unmatched (no operation).
void count(Summary& summary, const ExchangeResult& result);

/// Counts: every result is passed, failed (violations) or unmatched (no operation).
Summary summarize(const CheckRun& run);

/// Which operations and (operation, responses entry) pairs results hit, kept as they come: its
/// size is bounded by the description, not by the number of results.
class CoverageTally {
 public:
  void add(const ExchangeResult& result);
  /// The coverage of `operations` (hits on operations outside them are not counted).
  Coverage of(const std::vector<const Operation*>& operations) const;

 private:
  std::set<std::string> operations_;
  std::set<std::pair<std::string, std::string>> statuses_;
};

/// Coverage of `operations` by the results (matched operation, responses entry used).
Coverage coverage_of(const std::vector<const Operation*>& operations, const std::vector<ExchangeResult>& results);

/// What a report needs before its first result: the counts, the results' summed time (JUnit's
/// header) and the coverage.
struct RunTotals {
  Summary summary;
  double time_ms = 0;
  std::optional<Coverage> coverage;
};

/// A finished run as its reports read it, in one pass: the totals first, then every result and
/// every error once, in order. A run held in memory (CheckRunRecords) and the proxy's scratch
/// file (core/check/result_spool.hpp) both are one, so every report is written by one code path.
class RunRecords {
 public:
  virtual ~RunRecords() = default;
  virtual RunTotals totals() const = 0;
  /// Errors: the records could not be read back (the scratch file).
  virtual Result<void> each_result(const std::function<void(const ExchangeResult&)>& visit) const = 0;
  virtual Result<void> each_error(const std::function<void(const CheckError&)>& visit) const = 0;
};

/// A CheckRun read as RunRecords (it must outlive them).
class CheckRunRecords final : public RunRecords {
 public:
  explicit CheckRunRecords(const CheckRun& run) : run_(run) {}
  RunTotals totals() const override;
  Result<void> each_result(const std::function<void(const ExchangeResult&)>& visit) const override;
  Result<void> each_error(const std::function<void(const CheckError&)>& visit) const override;

 private:
  const CheckRun& run_;
};

/// The exit code of a finished run: 1 when anything failed, else 4 when a request got no
/// response, else 0.
int exit_status(const Summary& summary);
inline int exit_status(const CheckRun& run) { return exit_status(summarize(run)); }

}  // namespace sonde::check
