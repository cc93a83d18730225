#pragma once
// Test helper: a file written under a per-process scratch folder, for cases that load a
// description or read a file from disk. One copy here instead of one per test file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sonde::testing {

/// Writes `text` (bytes as given) to `<tmp>/sonde-<folder>-<pid>/<name>` and returns the path.
inline std::string write_scratch_file(const std::string& folder, const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-" + folder + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace sonde::testing
