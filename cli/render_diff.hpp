#pragma once
/// Rendering a diff report: one file per format, one table (render_diff.cpp) that names them.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/style.hpp"
#include "core/diff/engine.hpp"
#include "core/report/check_report.hpp"

namespace sonde::cli {

struct DiffRenderContext {
  const diff::Report& report;
  std::optional<diff::Level> fail_on;  ///< nullopt: never
  const Style& style;
  bool verbose = false;
};

using DiffRenderer = std::string (*)(const DiffRenderContext&);

struct DiffFormat {
  std::string_view name;
  DiffRenderer render;
};

/// Every --format of `sonde diff`, text first (the default).
std::span<const DiffFormat> diff_formats();

std::string render_diff_text(const DiffRenderContext& ctx);
std::string render_diff_json(const DiffRenderContext& ctx);
std::string render_diff_yaml(const DiffRenderContext& ctx);
std::string render_diff_markdown(const DiffRenderContext& ctx);
std::string render_diff_junit(const DiffRenderContext& ctx);
std::string render_diff_github(const DiffRenderContext& ctx);

/// The JSON document of the contract in man/sonde-diff.1 (ordered keys).
nlohmann::ordered_json diff_json(const diff::Report& report);
/// The neutral check report (one test case per affected operation) for JUnit.
report::Suite diff_suite(const DiffRenderContext& ctx);
/// "--fail-on error" in words, e.g. "error", "never".
std::string fail_on_name(std::optional<diff::Level> fail_on);

}  // namespace sonde::cli
