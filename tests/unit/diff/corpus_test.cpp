// The real corpus (../shared/corpus/openapi): Stripe, GitHub and the OpenAPI Initiative examples.
// Hidden from the fast unit run ([.corpus]); ctest runs it as diff.corpus (tests/integration/diff).
// Skips loudly when ../shared is absent.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/diff/engine.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace fs = std::filesystem;
using namespace sonde;

namespace {

const fs::path k_corpus = fs::path(SONDE_SHARED_DIR) / "corpus" / "openapi";

bool corpus_present() {
  if (fs::exists(k_corpus / "stripe" / "2022-04-12.json")) return true;
  WARN("SKIPPED: the OpenAPI corpus is absent (" << k_corpus.string() << "); corpus tests did not run");
  return false;
}

std::string at(const std::string& rel) { return (k_corpus / rel).string(); }

diff::Report diff_files(const std::string& a, const std::string& b, bool lenient = false) {
  diff::Options options;
  options.lenient = lenient;
  options.today = "2026-01-01";
  auto report = diff::run(at(a), at(b), options);
  if (!report) FAIL(a << " -> " << b << ": " << describe(report.error()));
  return *report;
}

int count(const diff::Report& r, const std::string& id) {
  return static_cast<int>(std::count_if(r.changes.begin(), r.changes.end(), [&](const auto& c) { return c.id == id; }));
}

const std::vector<std::string> k_stripe{"stripe/2017-09-05.json", "stripe/2018-09-24.json", "stripe/2019-09-27.json",
                                        "stripe/2020-09-29.json", "stripe/2021-07-29.json", "stripe/2022-04-07.json",
                                        "stripe/2022-04-12.json"};
const std::vector<std::string> k_github{"github/2020-07-27.json", "github/2021-01-05.json", "github/2021-09-03.json",
                                        "github/2022-06-11.json"};

}  // namespace

TEST_CASE("every corpus file loads; Stripe 2017's dangling refs need --lenient", "[.corpus]") {
  if (!corpus_present()) return;
  for (const auto& entry : fs::recursive_directory_iterator(k_corpus)) {
    auto ext = entry.path().extension();
    if (ext != ".json" && ext != ".yaml") continue;
    INFO(entry.path().string());
    openapi::LoadOptions lenient;
    lenient.lenient = true;
    auto doc = openapi::load(entry.path().string(), lenient);
    REQUIRE(doc.has_value());
    CHECK(openapi::build_view(*doc).has_value());
  }
  auto strict = openapi::load(at("stripe/2017-09-05.json"));
  REQUIRE_FALSE(strict.has_value());
  CHECK(strict.error().message.find("#/definitions/error") != std::string::npos);
  CHECK(strict.error().where.find("2017-09-05.json:") != std::string::npos);
  openapi::LoadOptions lenient;
  lenient.lenient = true;
  auto doc = openapi::load(at("stripe/2017-09-05.json"), lenient);
  REQUIRE(doc.has_value());
  CHECK(doc->problems().size() == 195);
}

TEST_CASE("every consecutive corpus pair diffs", "[.corpus]") {
  if (!corpus_present()) return;
  for (const auto* list : {&k_stripe, &k_github}) {
    for (std::size_t i = 0; i + 1 < list->size(); ++i) {
      INFO((*list)[i] << " -> " << (*list)[i + 1]);
      auto report = diff_files((*list)[i], (*list)[i + 1], true);
      CHECK_FALSE(report.changes.empty());
    }
  }
  auto pets = diff_files("oai-examples/v3.0-petstore.yaml", "oai-examples/v3.0-petstore-expanded.yaml");
  CHECK(count(pets, "operation-added") == 1);                   // DELETE /pets/{id}
  CHECK(count(pets, "request-parameter-type-changed") == 1);    // {petId} string -> {id} integer: one endpoint
  CHECK(count(pets, "response-success-status-removed") == 1);   // 201 removed
  auto swagger = diff_files("oai-examples/v2.0-petstore.json", "oai-examples/v2.0-petstore.json");
  CHECK(swagger.changes.empty());
}

TEST_CASE("a file against itself and against its YAML twin reports nothing", "[.corpus]") {
  if (!corpus_present()) return;
  CHECK(diff_files("github/2022-06-11.json", "github/2022-06-11.json").changes.empty());
  CHECK(diff_files("stripe/2022-04-12.json", "stripe/2022-04-12.yaml").changes.empty());
  CHECK(diff_files("stripe/2022-04-12.yaml", "stripe/2022-04-12.json").changes.empty());
}

TEST_CASE("the two newest Stripe versions: no error, a handful of info changes", "[.corpus]") {
  if (!corpus_present()) return;
  auto r = diff_files("stripe/2022-04-07.json", "stripe/2022-04-12.json");
  CHECK(r.counts[2] == 0);
  CHECK(r.counts[1] == 0);
  CHECK(r.counts[0] >= 1);
  CHECK(r.counts[0] <= 10);
  CHECK(count(r, "operation-added") == 1);
}

TEST_CASE("GitHub 2021-09 -> 2022-06 reports its two removed operations as errors", "[.corpus]") {
  if (!corpus_present()) return;
  auto r = diff_files("github/2021-09-03.json", "github/2022-06-11.json");
  std::vector<std::string> removed;
  for (const auto& c : r.changes)
    if (c.id == "operation-removed") {
      CHECK(c.level == diff::Level::error);
      removed.push_back(c.operation);
    }
  std::sort(removed.begin(), removed.end());
  CHECK(removed == std::vector<std::string>{"GET /repos/{owner}/{repo}/community/code_of_conduct",
                                            "GET /user/{username}/packages"});
  CHECK(count(r, "operation-added") == 8);
  // Proportional: one component restructuring is not thousands of entries.
  CHECK(r.changes.size() < 400);
}
