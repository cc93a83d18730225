// Both HAR readers: check's (responses validated against a description) and replay's (requests
// to send again, with a URL filter).
#include "core/check/har_reader.hpp"
#include "core/replay/har_reader.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  std::string text(fuzz::as_text(data, size));
  (void)check::parse_har(text, "fuzz.har");
  (void)replay::parse_har_text(text, "fuzz.har", "");
  (void)replay::parse_har_text(text, "fuzz.har", "/pets");
  return 0;
}
