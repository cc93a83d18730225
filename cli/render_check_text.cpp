#include <string>
#include <utility>

#include "cli/render_check.hpp"

namespace sonde::cli {

namespace {

std::string status_text(int status) { return status ? std::to_string(status) : "---"; }

void append_violation(std::string& out, const check::ExchangeViolation& v, const Style& style) {
  out += "    " + style.red(v.kind);
  if (!v.pointer.empty()) out += " " + style.bold(v.pointer);
  out += ": " + v.message + "\n";
  std::string at = v.keyword.empty() ? v.schema : v.keyword + " at " + v.schema;
  if (!v.source.empty()) at += " (" + v.source + ")";
  if (!at.empty()) out += "      " + style.dim(at) + "\n";  // a missing parameter has no schema to name
}

class TextWriter final : public CheckRunWriter {
 public:
  TextWriter(TextSink sink, const check::RunTotals& totals, const Style& style)
      : sink_(std::move(sink)), totals_(totals), style_(style) {}

  void result(const check::ExchangeResult& r) override {
    std::string out = !r.operation ? style_.yellow("SKIP") : r.passed() ? style_.green("PASS") : style_.red("FAIL");
    out += "  " + r.method + " " + r.url + " -> " + status_text(r.status);
    if (r.operation) out += "  " + style_.dim("[" + *r.operation + "]");
    out += "\n";
    if (!r.note.empty()) out += "    " + r.note + "\n";
    for (const auto& v : r.violations) append_violation(out, v, style_);
    if (r.omitted) out += "    ... and " + std::to_string(r.omitted) + " more body violations\n";
    if (r.masked) {
      out += "    " + style_.dim(std::to_string(r.masked) + (r.masked == 1 ? " violation" : " violations") +
                               " about masked values (***) set aside") + "\n";
    }
    sink_(out);
  }

  void error(const check::CheckError& e) override {
    sink_(style_.red("ERROR") + " " + e.method + " " + e.url + "  [" + e.operation + "]\n    " + e.message + "\n");
  }

  void finish() override {
    const auto& s = totals_.summary;
    std::string out = "\n" + std::to_string(s.exchanges) + (s.exchanges == 1 ? " exchange: " : " exchanges: ") +
                      std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
    if (s.unmatched) out += ", " + std::to_string(s.unmatched) + " matched no operation";
    if (s.errors) out += ", " + std::to_string(s.errors) + " could not run";
    out += "\n";
    if (totals_.coverage) {
      const auto& c = *totals_.coverage;
      out += "coverage: " + std::to_string(c.operations_exercised) + "/" + std::to_string(c.operations) +
             " operations, " + std::to_string(c.statuses_exercised) + "/" + std::to_string(c.statuses) +
             " documented status codes\n";
    }
    sink_(out);
  }

 private:
  TextSink sink_;
  check::RunTotals totals_;
  const Style& style_;
};

}  // namespace

std::unique_ptr<CheckRunWriter> check_text_writer(TextSink sink, const check::RunTotals& totals, const Style& style) {
  return std::make_unique<TextWriter>(std::move(sink), totals, style);
}

Result<void> write_check_run(const check::RunRecords& records, const std::vector<CheckRunWriter*>& writers,
                             const std::function<std::string(const std::string&)>& shown_url) {
  auto results = records.each_result([&](const check::ExchangeResult& r) {
    check::ExchangeResult shown = r;
    shown.url = shown_url(r.url);
    for (auto* w : writers) w->result(shown);
  });
  if (!results) return results;
  auto errors = records.each_error([&](const check::CheckError& e) {
    check::CheckError shown = e;
    shown.url = shown_url(e.url);
    for (auto* w : writers) w->error(shown);
  });
  if (!errors) return errors;
  for (auto* w : writers) w->finish();
  return {};
}

}  // namespace sonde::cli
