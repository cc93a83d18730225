#include <string>
#include <utility>

#include "cli/json_text.hpp"
#include "cli/render_check.hpp"
#include "core/report/check_report.hpp"

namespace sonde::cli {

namespace {

using Json = nlohmann::ordered_json;

Json or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json violation_json(const check::ExchangeViolation& v) {
  // Body violations point into the response body, request violations into the request
  // ("/query/limit", "/body/items/0"); for the others the pointer is null.
  const bool points = v.kind == check::kind::body || v.kind.starts_with("request-");
  Json pointer = points ? Json(v.pointer) : Json(nullptr);
  return {{"kind", v.kind},          {"pointer", pointer},          {"schema", or_null(v.schema)},
          {"source", or_null(v.source)}, {"keyword", or_null(v.keyword)}, {"message", v.message},
          {"expected", or_null(v.expected)}, {"actual", or_null(v.actual)}};
}

// `value` as json_text(value, 2) would print it `depth` levels down in a larger document: every
// line after the first indented by 2 * depth more (JSON strings hold no raw newline).
std::string nested(const Json& value, int depth) {
  std::string text = json_text(value);
  const std::string indent(static_cast<std::size_t>(2 * depth), ' ');
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

// The document is written as json_text() would print the whole tree, a result at a time:
//   {"results": [...], "summary": {...}, "errors": [...]}   ("errors" only when there are some)
class JsonWriter final : public CheckRunWriter {
 public:
  JsonWriter(TextSink sink, const check::RunTotals& totals) : sink_(std::move(sink)), totals_(totals) {
    buffer_ = "{\n  \"results\": [";
  }

  void result(const check::ExchangeResult& r) override {
    Json item;
    item["operation"] = r.operation ? Json(*r.operation) : Json(nullptr);
    item["request"] = {{"method", r.method}, {"url", r.url}};
    item["status"] = r.status;
    item["violations"] = Json::array();
    for (const auto& v : r.violations) item["violations"].push_back(violation_json(v));
    if (r.omitted) item["omitted"] = r.omitted;
    if (r.masked) item["masked"] = r.masked;
    if (!r.note.empty()) item["note"] = r.note;
    element(item, results_);
  }

  void error(const check::CheckError& e) override {
    if (errors_ == 0) {
      close_results();
      buffer_ += ",\n  \"errors\": [";
    }
    element({{"operation", e.operation}, {"request", {{"method", e.method}, {"url", e.url}}}, {"message", e.message}},
            errors_);
  }

  void finish() override {
    if (errors_ == 0) close_results();
    else buffer_ += "\n  ]";
    buffer_ += "\n}\n";
    sink_(std::exchange(buffer_, {}));
  }

 private:
  void element(const Json& value, std::size_t& count) {
    buffer_ += count++ ? ",\n    " : "\n    ";
    buffer_ += nested(value, 2);
    if (buffer_.size() >= (std::size_t{64} << 10)) sink_(std::exchange(buffer_, {}));
  }

  // Ends "results" and writes "summary", which the totals already hold.
  void close_results() {
    buffer_ += results_ ? "\n  ]" : "]";
    const auto& s = totals_.summary;
    Json summary = {{"exchanges", s.exchanges}, {"passed", s.passed}, {"failed", s.failed}, {"unmatched", s.unmatched}};
    if (s.errors) summary["errors"] = s.errors;
    if (totals_.coverage) {
      const auto& c = *totals_.coverage;
      summary["coverage"] = {{"operations", c.operations}, {"operations_exercised", c.operations_exercised},
                             {"statuses", c.statuses}, {"statuses_exercised", c.statuses_exercised}};
    }
    buffer_ += ",\n  \"summary\": " + nested(summary, 1);
  }

  TextSink sink_;
  check::RunTotals totals_;
  std::string buffer_;
  std::size_t results_ = 0, errors_ = 0;
};

// A testcase per record, in one <testsuite>; the counts come from the totals.
class JunitWriter final : public CheckRunWriter {
 public:
  JunitWriter(TextSink sink, const check::RunTotals& totals, const std::string& name)
      : stream_(std::move(sink), counts(totals)) {
    stream_.open_suite(name, counts(totals));
  }

  void result(const check::ExchangeResult& r) override {
    report::TestCase tc;
    tc.name = r.method + " " + r.url + " -> " + std::to_string(r.status);
    tc.classname = "sonde.check." + (r.operation ? *r.operation : std::string("unmatched"));
    tc.time_ms = r.time_ms;
    if (!r.operation) {
      tc.outcome = report::Outcome::skipped;
      tc.findings.push_back({r.note, "unmatched", ""});
    } else if (!r.passed()) {
      tc.outcome = report::Outcome::failed;
      for (const auto& v : r.violations) {
        tc.findings.push_back({(v.pointer.empty() ? "" : v.pointer + ": ") + v.message, v.kind, v.source});
      }
      if (r.omitted) tc.findings.push_back({std::to_string(r.omitted) + " more body violations", "body", ""});
    }
    stream_.add(tc);
  }

  void error(const check::CheckError& e) override {
    report::TestCase tc;
    tc.name = e.method + " " + e.url;
    tc.classname = "sonde.check." + e.operation;
    tc.outcome = report::Outcome::error;
    tc.findings.push_back({e.message, "unreachable", e.url});
    stream_.add(tc);
  }

  void finish() override {
    stream_.close_suite();
    stream_.finish();
  }

 private:
  static report::JunitCounts counts(const check::RunTotals& t) {
    const auto& s = t.summary;
    return {s.exchanges + s.errors, s.failed, s.errors, s.unmatched, t.time_ms};
  }
  report::JunitStream stream_;
};

}  // namespace

std::unique_ptr<CheckRunWriter> check_json_writer(TextSink sink, const check::RunTotals& totals) {
  return std::make_unique<JsonWriter>(std::move(sink), totals);
}

std::unique_ptr<CheckRunWriter> check_junit_writer(TextSink sink, const check::RunTotals& totals,
                                                   const std::string& suite_name) {
  return std::make_unique<JunitWriter>(std::move(sink), totals, suite_name);
}

}  // namespace sonde::cli
