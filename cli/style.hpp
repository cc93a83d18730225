#pragma once
/// ANSI colours, or nothing at all when colour is off (pipes, NO_COLOR, --color never).
#include <string>
#include <string_view>

namespace sonde::cli {

class Style {
 public:
  explicit Style(bool enabled = false) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string blue(std::string_view s) const { return wrap("34", s); }
  std::string magenta(std::string_view s) const { return wrap("35", s); }
  std::string cyan(std::string_view s) const { return wrap("36", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }

 private:
  std::string wrap(const char* code, std::string_view s) const {
    if (!enabled_) return std::string(s);
    return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
  }
  bool enabled_;
};

/// Decides whether a stream gets colour: `always`/`never` win; `auto` means a TTY, TERM is not
/// "dumb" and NO_COLOR (https://no-color.org) is unset or empty.
bool use_color(std::string_view mode, int fd);

}  // namespace sonde::cli
