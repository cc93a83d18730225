#pragma once
/// A one-line progress indicator on stderr ("[3/20] GET /health"), drawn only when stderr is a
/// terminal and --quiet is off, and erased before the result is printed.
#include <string>

#include "cli/command.hpp"

namespace sonde::cli {

class Progress {
 public:
  /// `total` may be 0 when the amount of work is unknown.
  Progress(const Context& ctx, int total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Redraws the line for step `done` (1-based) with a short label.
  void update(int done, const std::string& label);
  /// Erases the line; called by the destructor too.
  void clear();

 private:
  const Context& ctx_;
  int total_;
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace sonde::cli
