#pragma once
/// Rendering a `sonde check` run: text for people, the JSON contract of man/sonde-check.1, and
/// JUnit. Each is a writer fed one record at a time (core/check/check_run.hpp's RunRecords), so a
/// proxy's run of millions of exchanges is written from its scratch file without being held;
/// the totals, which the summary and the JUnit header need, are known before the first record.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cli/style.hpp"
#include "core/check/check_run.hpp"

namespace sonde::cli {

/// Where rendered text goes, piece by piece (stdout, a report file being written).
using TextSink = std::function<void(std::string_view)>;

class CheckRunWriter {
 public:
  virtual ~CheckRunWriter() = default;
  /// Every result first, in order, then every error, then finish().
  virtual void result(const check::ExchangeResult& result) = 0;
  virtual void error(const check::CheckError& error) = 0;
  virtual void finish() = 0;
};

/// One line per exchange, its violations indented below, and a summary line.
std::unique_ptr<CheckRunWriter> check_text_writer(TextSink sink, const check::RunTotals& totals, const Style& style);

/// {"results":[...],"summary":{...},"errors":[...]} exactly as documented, indented by two.
std::unique_ptr<CheckRunWriter> check_json_writer(TextSink sink, const check::RunTotals& totals);

/// A testcase per exchange: <failure> for violations, <error> for could-not-run, <skipped> for
/// exchanges that match no operation; one <testsuite> named `suite_name`.
std::unique_ptr<CheckRunWriter> check_junit_writer(TextSink sink, const check::RunTotals& totals,
                                                   const std::string& suite_name);

/// Feeds every record of `records` through `writers` (each result passed through `shown` first:
/// the URL as outputs may show it), then finishes them. Errors: the records could not be read.
Result<void> write_check_run(const check::RunRecords& records, const std::vector<CheckRunWriter*>& writers,
                             const std::function<std::string(const std::string&)>& shown_url);

}  // namespace sonde::cli
