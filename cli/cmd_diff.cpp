// sonde diff: placeholder until the capability lands; it parses the shared options and says so.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.hpp"
#include "cli/output_options.hpp"

namespace sonde::cli {

Runner setup_diff(CLI::App& sub) {
  auto output = std::make_shared<OutputOptions>();
  add_output_options(sub, *output, {"text", "json"}, true);
  sub.allow_extras();
  return [output](Context&) -> Result<int> {
    return fail(ErrorKind::internal, "sonde diff is not available in this build yet");
  };
}

}  // namespace sonde::cli
