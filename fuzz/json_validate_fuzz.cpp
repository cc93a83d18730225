// The JSON tape parser, the schema compiler and both validation paths. Input: one byte choosing
// the dialect and direction, then a schema (JSON) and an instance separated by
// "\n#--instance--\n". Property: the streaming validator (validate_body) and validation of the
// whole parsed tape find the same violations, as the unit tests require on their cases.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/check/schema_compiler.hpp"
#include "core/check/validator.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

// The loader refuses descriptions nested deeper than this (openapi::ParseLimits); schemas that
// reach the compiler have passed it.
constexpr int k_max_depth = 512;

int depth_of(const nlohmann::json& value, int depth = 0) {
  if (depth > k_max_depth) return depth;
  int deepest = depth;
  if (value.is_structured()) {
    for (const auto& child : value) deepest = std::max(deepest, depth_of(child, depth + 1));
  }
  return deepest;
}

std::vector<std::string> keys(const sonde::check::ValidationResult& result) {
  std::vector<std::string> out;
  for (const auto& v : result.violations) out.push_back(v.pointer + " " + v.schema + " " + v.keyword);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde::check;
  if (size < 1) return 0;
  auto mode = data[0];
  auto parts = sonde::fuzz::split_parts(sonde::fuzz::as_text(data + 1, size - 1), "\n#--instance--\n", 2);
  if (parts.size() != 2) return 0;
  auto schema = nlohmann::json::parse(parts[0], nullptr, /*allow_exceptions=*/false);
  if (schema.is_discarded() || depth_of(schema) > k_max_depth) return 0;

  SchemaCompiler compiler(mode & 1 ? Dialect::oas31 : Dialect::oas30, local_ref_resolver(schema));
  auto root = compiler.compile(schema, "#");
  if (!root) return 0;

  ValidationOptions options;
  options.direction = mode & 2 ? Direction::request : Direction::response;
  options.formats = (mode & 4) == 0;
  options.max_violations = mode & 8 ? 1 : 100;
  // The default budget grows with the body (100 evaluations per value): at the instrumented
  // build's microseconds per evaluation (6 µs at depth 2000) a 128 KiB input would pass libFuzzer's 10 s hang limit
  // while doing what it should. The budget's own behaviour is a unit test's business.
  options.max_evaluations = 50'000;
  std::string streamed_text(parts[1]);
  std::string whole_text(parts[1]);
  auto streamed = validate_body(**root, streamed_text, options);
  auto tape = parse_json(whole_text);
  if (streamed.has_value() != tape.has_value()) {
    std::fprintf(stderr, "the streaming parser and the tape parser disagree on whether the body is JSON\n");
    std::abort();
  }
  if (!tape) return 0;
  auto whole = validate(**root, tape->root(), options);
  // Past the evaluation budget each path stops where its own count ran out: no common verdict.
  if (whole.too_costly || streamed->too_costly) return 0;
  if (keys(whole) != keys(*streamed) || whole.omitted != streamed->omitted) {
    std::fprintf(stderr, "streamed validation found %zu+%zu violations, whole-tape validation %zu+%zu\n",
                 streamed->violations.size(), streamed->omitted, whole.violations.size(), whole.omitted);
    std::abort();
  }
  return 0;
}
