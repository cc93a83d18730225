// Merging the JUnit reports of CI shards: sonde writes one <testsuite> element per file with
// counts in attributes, so shards merge by concatenating those elements and summing the totals.
#include <charconv>
#include <cmath>
#include <regex>

#include "core/report/check_report.hpp"

namespace sonde::report {

namespace {

// Far beyond any real suite, and small enough that summing thousands of shards cannot overflow.
constexpr long k_max_count = 1'000'000'000'000L;

struct Totals {
  long tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
};

Result<void> add_attributes(const std::string& open_tag, Totals& t, const std::string& name) {
  static const std::regex attr(R"re((tests|failures|errors|skipped|time)="([0-9.]+)")re");
  int found = 0;
  for (std::sregex_iterator it(open_tag.begin(), open_tag.end(), attr), end; it != end; ++it) {
    const std::string key = (*it)[1], value = (*it)[2];
    ++found;
    // from_chars, not stol/stod: those throw on "99999999999999999999" or "..." (an internal
    // error, exit 70, for what is a bad input file), and read "1.5" as 1 tests.
    const char* first = value.data();
    const char* last = first + value.size();
    auto bad = [&] {
      return fail(ErrorKind::invalid_input, "<testsuite " + key + "=\"" + value + "\"> is not a count sonde can add", name);
    };
    if (key == "time") {
      double seconds = 0;
      auto [stop, ec] = std::from_chars(first, last, seconds);
      if (ec != std::errc() || stop != last || !std::isfinite(seconds)) return bad();
      t.seconds += seconds;
    } else {
      long n = 0;
      auto [stop, ec] = std::from_chars(first, last, n);
      if (ec != std::errc() || stop != last || n > k_max_count) return bad();
      long& sum = key == "tests" ? t.tests : key == "failures" ? t.failures : key == "errors" ? t.errors : t.skipped;
      sum += n;
    }
  }
  if (found < 4) return fail(ErrorKind::invalid_input, "a <testsuite> without tests/failures/errors counts", name);
  return {};
}

}  // namespace

Result<std::string> merge_junit(const std::vector<std::pair<std::string, std::string>>& named_documents) {
  Totals total;
  std::string body;
  for (const auto& [name, xml] : named_documents) {
    if (xml.find("<testsuites") == std::string::npos) {
      return fail(ErrorKind::invalid_input, "not a JUnit report (no <testsuites>)", name);
    }
    std::size_t pos = 0;
    int suites = 0;
    while ((pos = xml.find("<testsuite ", pos)) != std::string::npos) {
      auto open_end = xml.find('>', pos);
      if (open_end == std::string::npos) return fail(ErrorKind::invalid_input, "truncated <testsuite>", name);
      const std::string open_tag = xml.substr(pos, open_end - pos + 1);
      if (auto ok = add_attributes(open_tag, total, name); !ok) return std::unexpected(ok.error());
      std::size_t close;
      if (open_tag.ends_with("/>")) {
        close = open_end + 1;
      } else {
        close = xml.find("</testsuite>", open_end);
        if (close == std::string::npos) return fail(ErrorKind::invalid_input, "a <testsuite> is not closed", name);
        close += 12;
      }
      body += "  " + xml.substr(pos, close - pos) + "\n";
      pos = close;
      ++suites;
    }
    if (suites == 0) return fail(ErrorKind::invalid_input, "no <testsuite> in the report", name);
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", total.seconds);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sonde\" tests=\"" + std::to_string(total.tests) +
         "\" failures=\"" + std::to_string(total.failures) + "\" errors=\"" + std::to_string(total.errors) +
         "\" skipped=\"" + std::to_string(total.skipped) + "\" time=\"" + seconds + "\">\n" + body + "</testsuites>\n";
}

}  // namespace sonde::report
