#include "core/flow/coverage.hpp"

#include <cstdio>

#include "core/util/comma_list.hpp"

namespace sonde::flow {

Coverage compute_coverage(const openapi::View& view, const std::vector<FileResult>& results) {
  Coverage c;
  std::map<std::string, std::size_t> by_name;
  for (const auto& op : view.operations) {
    CoverageRow row;
    row.operation = op.name();
    for (const auto& r : op.responses) row.documented.push_back(r.code);
    by_name[row.operation] = c.rows.size();
    c.rows.push_back(std::move(row));
  }
  std::set<std::string> undocumented;
  for (const auto& file : results) {
    for (const auto& entry : file.entries) {
      if (!entry.contract) continue;
      if (!entry.contract->operation) {
        undocumented.insert(entry.method + " " + check::url_path(entry.url));
        continue;
      }
      auto it = by_name.find(*entry.contract->operation);
      if (it == by_name.end()) continue;
      auto& row = c.rows[it->second];
      row.statuses.insert(entry.status);
      if (!entry.contract->response_key.empty()) row.exercised.insert(entry.contract->response_key);
    }
  }
  c.undocumented.assign(undocumented.begin(), undocumented.end());
  for (const auto& row : c.rows) {
    ++c.operations;
    c.operations_hit += !row.statuses.empty();
    c.statuses += static_cast<int>(row.documented.size());
    c.statuses_hit += static_cast<int>(row.exercised.size());
  }
  return c;
}

namespace {

Result<double> percent(const std::string& text, const std::string& whole) {
  std::string number = text.ends_with("%") ? text.substr(0, text.size() - 1) : text;
  try {
    std::size_t used = 0;
    double v = std::stod(number, &used);
    if (used == number.size() && v >= 0 && v <= 100) return v;
  } catch (...) {
  }
  return fail(ErrorKind::usage, "bad --min-coverage '" + whole + "'", {}, "write e.g. operations=80%,statuses=50%");
}

std::string pct(int hit, int total) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", total ? 100.0 * hit / total : 100.0);
  return buf;
}

}  // namespace

Result<void> parse_min_coverage(const std::string& text, CoverageGate& gate) {
  for (const auto& item : comma_items(text)) {
    auto eq = item.find('=');
    if (eq == std::string::npos) return fail(ErrorKind::usage, "bad --min-coverage '" + text + "'", {}, "write e.g. operations=80%,statuses=50%");
    auto value = percent(item.substr(eq + 1), text);
    if (!value) return std::unexpected(value.error());
    const std::string key = item.substr(0, eq);
    if (key == "operations") gate.operations_percent = *value;
    else if (key == "statuses") gate.statuses_percent = *value;
    else return fail(ErrorKind::usage, "--min-coverage knows operations and statuses, not '" + key + "'");
  }
  return {};
}

Result<void> parse_require_status(const std::string& text, CoverageGate& gate) {
  auto eq = text.rfind('=');
  auto space = text.find(' ');
  if (eq == std::string::npos || space == std::string::npos || space > eq) {
    return fail(ErrorKind::usage, "bad --require-status '" + text + "'", {}, "write e.g. 'POST /orders=201,422'");
  }
  std::string op = text.substr(0, eq);
  auto& statuses = gate.required[op];
  for (const auto& s : comma_items(text.substr(eq + 1))) {
    if (s.size() != 3 || s.find_first_not_of("0123456789X") != std::string::npos) {
      return fail(ErrorKind::usage, "bad status '" + s + "' in --require-status", text);
    }
    statuses.push_back(s);
  }
  return {};
}

std::vector<std::string> gate_failures(const Coverage& c, const CoverageGate& gate) {
  std::vector<std::string> out;
  if (gate.operations_percent && (c.operations ? 100.0 * c.operations_hit / c.operations : 100.0) < *gate.operations_percent) {
    out.push_back("operations covered " + pct(c.operations_hit, c.operations) + " (" + std::to_string(c.operations_hit) + "/" +
                  std::to_string(c.operations) + ") is below --min-coverage operations=" + std::to_string(static_cast<int>(*gate.operations_percent)) + "%");
  }
  if (gate.statuses_percent && (c.statuses ? 100.0 * c.statuses_hit / c.statuses : 100.0) < *gate.statuses_percent) {
    out.push_back("documented statuses covered " + pct(c.statuses_hit, c.statuses) + " (" + std::to_string(c.statuses_hit) + "/" +
                  std::to_string(c.statuses) + ") is below --min-coverage statuses=" + std::to_string(static_cast<int>(*gate.statuses_percent)) + "%");
  }
  for (const auto& [op, statuses] : gate.required) {
    const CoverageRow* row = nullptr;
    for (const auto& r : c.rows) {
      if (r.operation == op) row = &r;
    }
    if (!row) {
      out.push_back("--require-status names '" + op + "', which the description does not have");
      continue;
    }
    for (const auto& s : statuses) {
      bool seen = row->exercised.count(s) > 0;
      for (int st : row->statuses) seen = seen || std::to_string(st) == s;
      if (!seen) out.push_back(op + " never answered " + s);
    }
  }
  return out;
}

}  // namespace sonde::flow
