#pragma once
/// Helpers of the text renderers that lay numbers out in columns and bars (`time`, its load
/// report): one definition, shared, so renderers compiled together never meet two copies.
#include <cstddef>
#include <cstdio>
#include <string>

namespace sonde::cli {

/// Width, in characters, of the bar charts (the phase waterfall, the latency histogram).
inline constexpr int k_bar_width = 40;

/// `v` printed with a printf `format` ("%.3f").
inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// Milliseconds as "12.3 ms".
inline std::string ms(double v) { return fmt("%.1f ms", v); }

/// `s` padded with spaces on the right to `width` characters.
inline std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

/// `s` padded with spaces on the left to `width` characters.
inline std::string pad_left(std::string s, std::size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

}  // namespace sonde::cli
