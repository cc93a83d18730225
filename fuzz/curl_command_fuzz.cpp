// The curl command reader: shell words, quoting, line continuations, every option sonde reads
// (-d/--data-* with @files, -F forms, -u, -H, -b, --json, -G, URL globs...).
#include "core/replay/curl_command_reader.hpp"
#include "core/replay/curl_state.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  replay::CurlInputs inputs;
  inputs.read_stdin = []() -> Result<std::string> { return std::string("standard input"); };
  inputs.environment = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TOKEN") return std::string("secret-token");
    return std::nullopt;
  };
  (void)replay::parse_curl_command(fuzz::as_text(data, size), "--curl", &inputs);
  return 0;
}
