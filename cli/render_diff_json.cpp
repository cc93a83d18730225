// --format json (the contract other tools rely on) and --format yaml (the same document).
#include "cli/render_diff.hpp"
#include "cli/json_text.hpp"

namespace sonde::cli {

nlohmann::ordered_json diff_json(const diff::Report& report) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const auto& c : report.changes) {
    nlohmann::ordered_json j;
    j["id"] = c.id;
    j["level"] = diff::level_name(c.level);
    j["direction"] = diff::direction_name(c.direction);
    j["operation"] = c.operation.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.operation);
    j["operations"] = c.operations;
    j["location"] = c.location;
    j["source"] = c.source;
    j["message"] = c.message;
    if (c.hits) {  // --traffic
      j["hits"] = *c.hits;
      j["examples"] = c.examples;
    }
    changes.push_back(std::move(j));
  }
  nlohmann::ordered_json out;
  out["changes"] = std::move(changes);
  out["summary"] = {{"error", report.counts[2]}, {"warning", report.counts[1]}, {"info", report.counts[0]}};
  return out;
}

std::string render_diff_json(const DiffRenderContext& ctx) { return json_text(diff_json(ctx.report)) + "\n"; }

namespace {

// Strings are written as JSON strings, which YAML 1.2 reads as double-quoted scalars.
void emit(const nlohmann::ordered_json& v, int indent, std::string& out, bool inline_first) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    if (v.empty()) {
      out += "{}\n";
      return;
    }
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!(first && inline_first)) out += pad;
      first = false;
      out += it.key() + ":";
      if ((it->is_object() || it->is_array()) && !it->empty()) {
        out += "\n";
        emit(*it, indent + 2, out, false);
      } else {
        out += " ";
        emit(*it, indent + 2, out, true);
      }
    }
  } else if (v.is_array()) {
    if (v.empty()) {
      out += "[]\n";
      return;
    }
    for (const auto& item : v) {
      out += pad + "- ";
      emit(item, indent + 2, out, true);
    }
  } else {
    out += json_text(v, -1) + "\n";
  }
}

}  // namespace

std::string render_diff_yaml(const DiffRenderContext& ctx) {
  std::string out;
  emit(diff_json(ctx.report), 0, out, false);
  return out;
}

}  // namespace sonde::cli
