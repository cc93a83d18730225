#include "fuzz/fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sonde::fuzz {

std::vector<std::string_view> split_parts(std::string_view text, std::string_view separator, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    auto at = text.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + separator.size());
  }
  parts.push_back(text);
  return parts;
}

namespace {

std::string make_scratch() {
  // tmpfs keeps per-input file writes cheap; the process id keeps parallel fuzzers apart.
  std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  std::string pattern = (base / "sonde-fuzz-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    std::perror("sonde fuzz: mkdtemp");
    std::abort();
  }
  static std::string dir = pattern;
  std::atexit([] {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  });
  return pattern;
}

}  // namespace

const std::string& scratch_dir() {
  static const std::string dir = make_scratch();
  return dir;
}

std::string write_scratch(const std::string& name, std::string_view content) {
  std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out.flush()) {
    std::perror(("sonde fuzz: cannot write " + path).c_str());
    std::abort();
  }
  return path;
}

}  // namespace sonde::fuzz
