#pragma once
// Test helpers for core/check/generate: a description written to a temporary file and loaded,
// and a schema node inside it.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "core/openapi/document.hpp"

namespace sonde::check::generate::gen_support {

inline openapi::Document load_spec(const std::string& name, const std::string& yaml) {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-generate-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << yaml;
  auto doc = openapi::load(path);
  if (!doc) FAIL(describe(doc.error()));
  return std::move(*doc);
}

/// The node at `pointer` of the main file.
inline openapi::Node node_at(const openapi::Document& doc, const std::string& pointer) {
  auto n = doc.find(0, pointer);
  if (!n) FAIL(describe(n.error()));
  return *n;
}

}  // namespace sonde::check::generate::gen_support
