#pragma once
/// The neutral model of "a run of checks", shared by every subcommand that produces pass/fail
/// results (diff, check, time thresholds, replay's idempotency probe). Formatters such as JUnit
/// read only this model, so a subcommand gets every report format by filling it in.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/report/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::report {

enum class Outcome {
  passed,
  failed,   ///< the check ran and found a problem (JUnit <failure>)
  error,    ///< the check could not run (JUnit <error>)
  skipped,  ///< deliberately not run (JUnit <skipped>)
};

struct Finding {
  std::string message;  ///< one line, e.g. "status 500 is not documented"
  std::string type;     ///< a short machine name, e.g. a rule id or violation kind
  std::string where;    ///< file:line, JSON pointer or host:port; may be empty
  std::string expected{}, actual{};  ///< for a failed assert; both empty when `message` says it all
};

/// The finding as one line: the message, ": expected E, actual A" when known (JUnit, TAP).
std::string summary(const Finding& finding);

struct TestCase {
  std::string name;       ///< e.g. "GET /pets/{id}"
  std::string classname;  ///< e.g. "sonde.check"
  Outcome outcome = Outcome::passed;
  double time_ms = 0.0;
  std::vector<Finding> findings;  ///< failures (or the one error) behind the outcome
  std::string where{};            ///< file:line:col of what the case ran; may be empty
  std::vector<Exchange> exchanges{};  ///< the HTTP exchanges it made, when recorded (HTML report)
};

struct Suite {
  std::string name;  ///< e.g. "sonde diff specs/a.yaml specs/b.yaml"
  std::vector<TestCase> cases;
  std::optional<double> time_ms{};  ///< the suite's own wall time; unset: the sum of its cases
};

/// A page of the HTML report: its file name (one path component) and its content.
struct HtmlPage {
  std::string file_name;
  std::string html;
};

/// Which operations and documented statuses of a description a run exercised (sonde test
/// --spec), as the HTML index page shows it.
struct CoverageTable {
  struct Status {
    std::string key;  ///< a documented response key: "201", "4XX", "default"
    bool exercised = false;
  };
  struct Row {
    std::string operation;         ///< "POST /orders"
    std::vector<Status> statuses;  ///< documented, in document order
    std::vector<int> seen;         ///< statuses the run received, documented or not
  };
  std::vector<Row> rows;
  int operations = 0, operations_hit = 0, statuses = 0, statuses_hit = 0;
  std::vector<std::string> undocumented;   ///< requests to operations the description lacks
  std::vector<std::string> gate_failures;  ///< "operations 40% < 80%", one per unmet gate
};

struct HtmlOptions {
  std::string title = "sonde report";
  std::string started;  ///< when the run started, shown once on the index page; may be empty
  std::optional<CoverageTable> coverage = std::nullopt;  ///< shown on the index page when set
};

/// The counts a JUnit <testsuite> or <testsuites> element carries.
struct JunitCounts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double time_ms = 0;
};

/// JUnit XML written as its cases come, for a run too long to hold whole (`check --proxy`): the
/// counts, which the opening elements carry, are given up front. to_junit() writes through it.
class JunitStream {
 public:
  using Sink = std::function<void(std::string_view)>;
  /// Writes the XML declaration and <testsuites> with `total`.
  JunitStream(Sink sink, const JunitCounts& total);
  void open_suite(const std::string& name, const JunitCounts& counts);
  void add(const TestCase& test_case);
  void close_suite();
  /// Closes <testsuites>; nothing may follow.
  void finish();

 private:
  Sink sink_;
  std::string buffer_;  ///< cases gathered into pieces worth a write
};

/// JUnit XML (the Jenkins/GitLab/GitHub dialect): one <testsuite> inside <testsuites>.
std::string to_junit(const Suite& suite);

/// JUnit XML with one <testsuite> per suite (sonde test: one per file).
std::string to_junit(const std::vector<Suite>& suites);

/// TAP version 14: one test point per case, numbered across suites, failures as YAML blocks.
std::string to_tap(const std::vector<Suite>& suites);

/// The HTML report: "index.html" (one row per suite, linking its page) first, then one page per
/// suite (each case with its findings, exchanges and timing waterfall). No script, no external
/// resource; every text escaped; the same input gives the same bytes. Page names are derived from
/// the suite names, safe as file names, and distinct.
std::vector<HtmlPage> to_html(const std::vector<Suite>& suites, const HtmlOptions& options = {});

/// Several JUnit documents (shards of one CI run) as one: their <testsuite> elements side by
/// side under a <testsuites> whose totals are summed. Errors name the document that is not one
/// of sonde's JUnit reports.
Result<std::string> merge_junit(const std::vector<std::pair<std::string, std::string>>& named_documents);

}  // namespace sonde::report
