#include "cli/render_load.hpp"
#include "cli/text_columns.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sonde::cli {

namespace {

constexpr std::size_t k_histogram_rows = 12;

std::string us_as_ms(std::int64_t us) { return fmt("%.3f", static_cast<double>(us) / 1000.0); }

// The phases in display order; dns is measured once per run, not per request.
constexpr const char* k_rows[] = {"dns", "connect", "tls", "send", "wait", "transfer", "total"};

void stats_row(std::string& out, const std::string& name, const timing::Histogram& h) {
  out += "  " + pad(name, 18) + pad_left(us_as_ms(h.percentile(50)), 10) + pad_left(us_as_ms(h.percentile(90)), 10) +
         pad_left(us_as_ms(h.percentile(99)), 10) + pad_left(us_as_ms(h.percentile(99.9)), 10) + pad_left(us_as_ms(h.max()), 10) + "\n";
}

// The latency distribution folded into k_histogram_rows rows of equal width on a log scale.
void histogram(std::string& out, const timing::Histogram& h, const Style& style) {
  auto buckets = h.buckets();
  if (buckets.empty()) return;
  double lo = std::max<double>(1.0, static_cast<double>(h.min()));
  double hi = std::max<double>(lo * 1.0001, static_cast<double>(h.max()));
  std::vector<std::uint64_t> rows(k_histogram_rows, 0);
  double ratio = std::log(hi / lo);
  for (const auto& b : buckets) {
    double v = std::max<double>(lo, static_cast<double>(b.to));
    auto row = static_cast<std::size_t>(std::log(v / lo) / ratio * static_cast<double>(k_histogram_rows));
    rows[std::min(row, k_histogram_rows - 1)] += b.count;
  }
  std::uint64_t peak = *std::max_element(rows.begin(), rows.end());
  out += "\nLatency histogram (" + std::string("us_as_ms, log scale") + ")\n";
  for (std::size_t i = 0; i < k_histogram_rows; ++i) {
    double upper = lo * std::exp(ratio * static_cast<double>(i + 1) / static_cast<double>(k_histogram_rows));
    auto width = peak ? static_cast<std::size_t>(static_cast<double>(rows[i]) / static_cast<double>(peak) * k_bar_width + 0.5) : 0;
    if (rows[i] > 0 && width == 0) width = 1;
    out += "  <= " + pad_left(fmt("%.3f", upper / 1000.0), 10) + "  " + pad_left(std::to_string(rows[i]), 8) + "  " +
           style.green(std::string(width, '#')) + "\n";
  }
}

nlohmann::ordered_json histogram_json(const timing::Histogram& h) {
  nlohmann::ordered_json j;
  j["count"] = h.count();
  j["min_ms"] = static_cast<double>(h.min()) / 1000.0;
  j["mean_ms"] = h.mean() / 1000.0;
  for (auto [key, p] : {std::pair{"p50_ms", 50.0}, {"p90_ms", 90.0}, {"p99_ms", 99.0}, {"p99_9_ms", 99.9}}) {
    j[key] = static_cast<double>(h.percentile(p)) / 1000.0;
  }
  j["max_ms"] = static_cast<double>(h.max()) / 1000.0;
  return j;
}

}  // namespace

std::string render_load_text(const LoadReport& report, const Style& style) {
  const auto& r = report.result;
  std::string out;
  out += style.bold(r.url) + "\n";
  out += r.open_model ? "  open model: " + fmt("%.1f", r.rate) + " requests/s on a timetable, at most " +
                            std::to_string(r.connections) + " in flight"
                      : "  closed model: " + std::to_string(r.connections) + " connections, back to back";
  out += r.threads > 1 ? " (" + std::to_string(r.threads) + " threads)\n" : "\n";
  out += "  " + std::to_string(r.completed) + " requests in " + fmt("%.2f", r.elapsed_s) + " s: " +
         fmt("%.1f", r.rps()) + " requests/s";
  if (r.warmup_requests) out += " (" + std::to_string(r.warmup_requests) + " warm-up requests not counted)";
  out += "\n";
  if (r.unsent) out += style.yellow("  " + std::to_string(r.unsent) + " requests were due but never sent: every connection was busy") + "\n";
  if (r.interrupted) out += style.yellow("  interrupted: the figures cover the run until then") + "\n";
  std::string statuses;
  for (const auto& [cls, n] : r.statuses) statuses += (statuses.empty() ? "" : ", ") + cls + " " + std::to_string(n);
  std::string errors;
  for (const auto& [kind, n] : r.errors) errors += (errors.empty() ? "" : ", ") + kind + " " + std::to_string(n);
  std::string versions;
  for (const auto& [v, n] : r.versions) versions += (versions.empty() ? "" : ", ") + ("HTTP/" + v) + " " + std::to_string(n);
  out += "  status: " + (statuses.empty() ? std::string("none") : statuses) + "; " +
         (versions.empty() ? std::string("no answers") : versions) + "; " + std::to_string(r.connections_opened) +
         " connections opened\n";
  out += "  errors: " + (errors.empty() ? std::string("none") : style.red(errors)) + "  (fail rate " +
         fmt("%.2f", r.fail_rate() * 100) + "%)\n\n";
  out += "  " + pad("phase (us_as_ms)", 18) + pad_left("p50", 10) + pad_left("p90", 10) + pad_left("p99", 10) +
         pad_left("p99.9", 10) + pad_left("max", 10) + "\n";
  for (const char* name : k_rows) {
    auto it = r.phases.find(name);
    if (it == r.phases.end() || it->second.count() == 0) continue;
    stats_row(out, std::string(name) == "total" ? "total (sent)" : name, it->second);
  }
  if (r.open_model) stats_row(out, "latency (due)", r.latency);
  histogram(out, r.latency, style);
  if (r.open_model) {
    out += style.dim("  latency is measured from when each request was due (coordinated omission corrected); "
                     "from its send, p99 is " + us_as_ms(r.latency_uncorrected.percentile(99)) + " ms") + "\n";
  }
  if (!report.checks.empty()) out += "\n";
  for (const auto& c : report.checks) {
    out += "  " + (c.passed ? style.green("PASS") : style.red("FAIL")) + "  " + c.name + ": " + c.message + "\n";
  }
  return out;
}

nlohmann::ordered_json load_to_json(const LoadReport& report) {
  const auto& r = report.result;
  nlohmann::ordered_json j;
  j["url"] = r.url;
  j["model"] = r.open_model ? "open" : "closed";
  if (r.open_model) j["rate"] = r.rate;
  j["connections"] = r.connections;
  j["threads"] = r.threads;
  j["streams"] = r.streams;
  j["connections_opened"] = r.connections_opened;
  j["elapsed_s"] = r.elapsed_s;
  j["sent"] = r.sent;
  j["completed"] = r.completed;
  j["warmup_requests"] = r.warmup_requests;
  j["unsent"] = r.unsent;
  j["interrupted"] = r.interrupted;
  j["rps"] = r.rps();
  j["failed"] = r.failed();
  j["fail_rate"] = r.fail_rate();
  j["statuses"] = r.statuses;
  j["errors"] = r.errors;
  j["versions"] = r.versions;
  j["latency"] = histogram_json(r.latency);
  j["latency_uncorrected"] = histogram_json(r.latency_uncorrected);
  nlohmann::ordered_json phases = nlohmann::ordered_json::object();
  for (const char* name : k_rows) {
    auto it = r.phases.find(name);
    if (it != r.phases.end()) phases[name] = histogram_json(it->second);
  }
  j["phases"] = phases;
  nlohmann::ordered_json buckets = nlohmann::ordered_json::array();
  for (const auto& b : r.latency.buckets()) {
    buckets.push_back({{"from_ms", static_cast<double>(b.from) / 1000.0}, {"to_ms", static_cast<double>(b.to) / 1000.0}, {"count", b.count}});
  }
  j["histogram"] = buckets;
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const auto& c : report.checks) checks.push_back({{"name", c.name}, {"passed", c.passed}, {"message", c.message}});
  j["checks"] = checks;
  return j;
}

std::string load_timeseries(const timing::LoadResult& result) {
  std::string out;
  for (const auto& s : result.seconds) {
    nlohmann::ordered_json line;
    line["second"] = s.second;
    line["rps"] = s.completed;
    line["p50_ms"] = static_cast<double>(s.p50_us) / 1000.0;
    line["p99_ms"] = static_cast<double>(s.p99_us) / 1000.0;
    line["errors"] = s.failed;
    out += line.dump() + "\n";
  }
  return out;
}

std::string load_progress_line(const timing::LoadSecond& s) {
  return std::to_string(s.second + 1) + " s: " + std::to_string(s.completed) + " requests/s, p99 " + us_as_ms(s.p99_us) +
         " us_as_ms, " + std::to_string(s.failed) + " failed";
}

}  // namespace sonde::cli
