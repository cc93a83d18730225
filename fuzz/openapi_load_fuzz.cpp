// The OpenAPI loader (YAML and JSON, $refs across files) and the operation view built on it.
// One input carries up to three files separated by "\n#--file--\n": the main description
// (JSON when it starts with '{', YAML otherwise), other.yaml and other.json, which the main
// file can reach with relative $refs.
#include <cstdlib>

#include "core/openapi/doc_tree.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/json_fast_parse.hpp"
#include "core/openapi/view.hpp"
#include "core/util/json_same.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

// Whatever the fast path takes, nlohmann's parser must take too and build the same tree; the
// compact document tree takes exactly what the fast path takes, with the same values.
void compare_json_paths(std::string_view text) {
  auto fast = sonde::openapi::parse_json_fast(text);
  auto compact = sonde::openapi::parse_doc_tree(text);
  if (fast.has_value() != compact.has_value()) std::abort();
  if (!fast) return;
  auto reference = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (reference.is_discarded() || !sonde::same_json(*fast, reference)) std::abort();
  if (!sonde::same_json(compact->root().to_json(), reference)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  auto parts = fuzz::split_parts(fuzz::as_text(data, size), "\n#--file--\n", 3);
  parts.resize(3);  // files the previous input wrote are overwritten, so each run stands alone
  bool json = !parts[0].empty() && parts[0].front() == '{';
  compare_json_paths(parts[0]);
  std::string main = fuzz::write_scratch(json ? "main.json" : "main.yaml", parts[0]);
  fuzz::write_scratch(json ? "main.yaml" : "main.json", "");
  fuzz::write_scratch("other.yaml", parts[1]);
  fuzz::write_scratch("other.json", parts[2]);
  for (bool lenient : {false, true}) {
    openapi::LoadOptions options;
    options.lenient = lenient;
    auto doc = openapi::load(main, options);
    if (!doc) continue;
    auto view = openapi::build_view(*doc);
    (void)view;
  }
  return 0;
}
