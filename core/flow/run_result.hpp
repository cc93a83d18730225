#pragma once
/// What a `sonde test` run found: per file, per entry, per assert; the data every renderer and
/// report format reads.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/report/exchange.hpp"
#include "core/timing/phases.hpp"
#include "core/util/error.hpp"

namespace sonde::flow {

struct AssertResult {
  std::string kind;       ///< "status", "version", "header", "body", "assert", "capture"
  std::string where;      ///< file:line:col
  std::string text;       ///< the assert as written, e.g. jsonpath "$.id" == 3
  bool passed = false;
  std::string expected, actual;
  std::string error;      ///< set when the assert could not be evaluated
};

struct EntryResult {
  int index = 0;               ///< 1-based
  std::string where;           ///< file:line:col of the request line
  std::string method, url;     ///< as sent, secrets masked
  int status = 0;
  std::string version;
  timing::Phases phases;
  double duration_ms = 0;
  int attempts = 0;
  bool skipped = false;
  std::vector<AssertResult> asserts;
  // The two below are boxed: a run keeps every entry's result, and inline they made each one
  // 520 bytes larger whether or not --spec or a report asked for them.
  std::unique_ptr<check::ExchangeResult> contract;  ///< with --spec
  std::string curl;            ///< the request as a curl command line, secrets masked
  std::optional<Error> error;  ///< the entry could not run (network, undefined variable, ...)
  std::unique_ptr<report::Exchange> exchange;  ///< the last attempt, masked (RunOptions::record_exchanges)
  bool passed() const;
};

struct FileResult {
  std::string path;
  std::vector<EntryResult> entries;
  double duration_ms = 0;
  std::optional<Error> error;  ///< the file could not be read or parsed (exit 3)
  bool passed() const;
};

}  // namespace sonde::flow
