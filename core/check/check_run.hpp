#pragma once
/// The outcome of one `sonde check` run: a result per exchange, in order, and what was covered.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/check/exchange.hpp"

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

/// Counts: every result is passed, failed (violations) or unmatched (no operation).
Summary summarize(const CheckRun& run);

/// Coverage of `operations` by the results (matched operation, responses entry used).
Coverage coverage_of(const std::vector<const Operation*>& operations, const std::vector<ExchangeResult>& results);

/// The exit code of a finished run: 1 when anything failed, else 4 when a request got no
/// response, else 0.
int exit_status(const CheckRun& run);

}  // namespace sonde::check
