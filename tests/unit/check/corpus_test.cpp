// The real corpus (../shared/corpus/openapi) loads, and every component schema and every response
// body schema in it compiles in the description's dialect.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/check/exchange.hpp"
#include "core/check/schema_compiler.hpp"
#include "core/check/spec_schemas.hpp"

using namespace sonde::check;

namespace {

// Compiles every schema under components/schemas (3.x) or definitions (2.0) and every response
// body schema; returns how many compiled.
std::size_t compile_all(const sonde::openapi::Document& doc) {
  SchemaCompiler compiler(dialect_of(doc), document_ref_resolver(doc));
  std::size_t count = 0;
  auto compile_map = [&](const sonde::openapi::Node& map) {
    if (!map || !map->is_object()) return;
    for (const auto& [name, raw] : map->items()) {
      auto node = sonde::openapi::Document::child(map, name);
      auto compiled = compiler.compile(doc.json(*node), schema_pointer(doc, node));
      INFO(name);
      REQUIRE(compiled.has_value());
      ++count;
    }
  };
  auto root = doc.root_node();
  compile_map(sonde::openapi::Document::child(sonde::openapi::Document::child(root, "components"), "schemas"));
  compile_map(sonde::openapi::Document::child(root, "definitions"));
  auto index = OperationIndex::build(doc);
  REQUIRE(index.has_value());
  for (const auto& op : index->operations()) {
    auto responses = doc.resolve(sonde::openapi::Document::child(op.node, "responses"));
    if (!responses || !responses->value || !responses->value->is_object()) continue;
    for (const auto& [status, raw] : responses->value->items()) {
      auto response = doc.resolve(sonde::openapi::Document::child(*responses, status));
      if (!response) continue;  // a dangling reference, kept by a lenient load
      auto content = sonde::openapi::Document::child(*response, "content");
      if (!content || !content->is_object()) continue;
      for (const auto& [type, media] : content->items()) {
        auto schema = sonde::openapi::Document::child(sonde::openapi::Document::child(content, type), "schema");
        if (!schema) continue;
        INFO(op.name() << " " << status << " " << type);
        auto compiled = compiler.compile(doc.json(*schema), schema_pointer(doc, schema));
        bool dangling = !compiled && doc.problems().size() > 0;
        CHECK((compiled.has_value() || dangling));
        count += compiled.has_value();
      }
    }
  }
  return count;
}

void check_file(const std::filesystem::path& path) {
  INFO(path.string());
  // Stripe's first file has 195 dangling "#/definitions/error" references: load it leniently.
  sonde::openapi::LoadOptions options;
  options.lenient = path.filename() == "2017-09-05.json";
  auto doc = sonde::openapi::load(path.string(), options);
  REQUIRE(doc.has_value());
  std::size_t compiled = compile_all(*doc);
  auto checker = ContractChecker::create(*doc);
  REQUIRE(checker.has_value());
  CHECK((compiled > 0 || (*checker)->index().operations().size() > 0));
}

std::filesystem::path corpus_dir() { return std::filesystem::path(SONDE_SHARED_DIR) / "corpus" / "openapi"; }

}  // namespace

TEST_CASE("every schema of the newest corpus descriptions compiles", "[check][corpus]") {
  if (!std::filesystem::exists(corpus_dir())) {
    WARN("SKIPPED: " << corpus_dir() << " is absent; the corpus test did not run");
    return;
  }
  // The newest file per source keeps `ctest -L unit` fast; "[.corpus-all]" (ctest check.corpus-all)
  // reads every file.
  for (const char* file : {"github/2022-06-11.json", "stripe/2022-04-12.yaml", "oai-examples/v3.0-petstore-expanded.yaml",
                           "oai-examples/v3.0-uspto.yaml", "oai-examples/v3.1-webhook-example.yaml",
                           "oai-examples/v2.0-petstore.json", "oai-examples/v3.0-api-with-examples.yaml"}) {
    check_file(corpus_dir() / file);
  }
}

TEST_CASE("every schema of every corpus description compiles", "[.corpus-all]") {
  if (!std::filesystem::exists(corpus_dir())) {
    WARN("SKIPPED: " << corpus_dir() << " is absent; the corpus test did not run");
    return;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus_dir())) {
    auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".json" && ext != ".yaml")) continue;
    check_file(entry.path());
    ++files;
  }
  CHECK(files >= 20);
}
