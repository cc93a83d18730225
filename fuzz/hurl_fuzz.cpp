// The Hurl file parser: entries, sections, bodies (JSON, XML, multiline, base64, hex, file),
// templates, queries, filters and predicates.
#include "core/hurl/parser.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)sonde::hurl::parse(sonde::fuzz::as_text(data, size), "fuzz.hurl");
  return 0;
}
