#include "cli/style.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace sonde::cli {

bool use_color(std::string_view mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(fd) == 1;
}

}  // namespace sonde::cli
