// Every registered rule has a case folder tests/diff-rules/<rule-id>/ with base.yaml, revision.yaml
// and expected.json (the findings, without file paths); every folder names a registered rule. An
// optional options.json sets the opt-in policies a rule needs (deprecation windows, version bump).
// SONDE_RULES_UPDATE=1 rewrites expected.json from the actual findings, for review in the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/diff/engine.hpp"

namespace fs = std::filesystem;
using namespace sonde::diff;

namespace {

const fs::path k_cases = fs::path(SONDE_SOURCE_DIR) / "tests" / "diff-rules";

nlohmann::json findings(const Report& report) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : report.changes) {
    out.push_back({{"id", c.id},
                   {"level", level_name(c.level)},
                   {"operation", c.operation.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.operation)},
                   {"operations", c.operations},
                   {"location", c.location},
                   {"message", c.message}});
  }
  return out;
}

}  // namespace

TEST_CASE("every registered rule has a case folder and every folder a rule", "[diff][rules]") {
  std::set<std::string> folders, rules;
  for (const auto& entry : fs::directory_iterator(k_cases))
    if (entry.is_directory()) folders.insert(entry.path().filename().string());
  for (const auto& rule : rule_registry()) rules.insert(std::string(rule.id));
  for (const auto& r : rules) {
    INFO("rule without a case folder: " << r);
    CHECK(folders.contains(r));
  }
  for (const auto& f : folders) {
    INFO("case folder without a registered rule: " << f);
    CHECK(rules.contains(f));
  }
}

TEST_CASE("rule ids are unique kebab-case and every rule has a summary", "[diff][rules]") {
  std::set<std::string> seen;
  for (const auto& rule : rule_registry()) {
    std::string id(rule.id);
    INFO(id);
    CHECK(seen.insert(id).second);
    CHECK(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string::npos);
    CHECK_FALSE(rule.summary.empty());
  }
}

TEST_CASE("each rule case yields its expected findings, its own rule among them", "[diff][rules]") {
  bool update = std::getenv("SONDE_RULES_UPDATE") != nullptr;
  for (const auto& entry : fs::directory_iterator(k_cases)) {
    if (!entry.is_directory()) continue;
    std::string id = entry.path().filename().string();
    INFO("case " << id);
    Options options;
    options.today = "2026-01-01";
    if (std::ifstream policy(entry.path() / "options.json"); policy.good()) {
      auto json = nlohmann::json::parse(policy);
      options.deprecation_days_beta = json.value("deprecation_days_beta", 0);
      options.deprecation_days_stable = json.value("deprecation_days_stable", 0);
      options.require_version_bump = json.value("require_version_bump", false);
    }
    auto report = run((entry.path() / "base.yaml").string(), (entry.path() / "revision.yaml").string(), options);
    REQUIRE(report.has_value());
    nlohmann::json actual = findings(*report);
    auto expected_path = entry.path() / "expected.json";
    if (update) std::ofstream(expected_path) << actual.dump(2) << "\n";
    std::ifstream in(expected_path);
    REQUIRE(in.good());
    nlohmann::json expected = nlohmann::json::parse(in);
    CHECK(actual == expected);
    bool has_own = std::any_of(actual.begin(), actual.end(), [&](const auto& f) { return f["id"] == id; });
    CHECK(has_own);
  }
}
