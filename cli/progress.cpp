#include "cli/progress.hpp"

#include <ostream>

namespace sonde::cli {

Progress::Progress(const Context& ctx, int total)
    : ctx_(ctx), total_(total), enabled_(ctx.stderr_is_tty && !ctx.global.quiet) {}

Progress::~Progress() { clear(); }

void Progress::update(int done, const std::string& label) {
  if (!enabled_) return;
  std::string line = total_ > 0 ? "[" + std::to_string(done) + "/" + std::to_string(total_) + "] " : "";
  line += label;
  constexpr std::size_t k_width = 78;  // stay on one line of a narrow terminal
  if (line.size() > k_width) line = line.substr(0, k_width - 1) + "…";
  // \r + erase-to-end keeps the indicator on one line without scrolling.
  ctx_.err << "\r\x1b[K" << ctx_.err_style.dim(line) << std::flush;
  drawn_ = true;
}

void Progress::clear() {
  if (!drawn_) return;
  ctx_.err << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace sonde::cli
