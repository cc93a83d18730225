#pragma once
/// Helpers shared by the libFuzzer targets: splitting one input into several parts, and a private
/// scratch folder (on tmpfs when there is one) for targets whose parser reads files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::fuzz {

/// The input as text (parsers take bytes in std::string / std::string_view).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Splits `text` at every `separator` into at most `max_parts` parts (the last one keeps the rest),
/// so one input can carry a description and an instance, or several files.
std::vector<std::string_view> split_parts(std::string_view text, std::string_view separator, std::size_t max_parts);

/// A folder of this process's own, created once, removed at exit.
const std::string& scratch_dir();

/// Writes `content` to `scratch_dir()/name` (replacing it); aborts when the write fails, since a
/// target that silently tests nothing would be worse than one that stops.
std::string write_scratch(const std::string& name, std::string_view content);

}  // namespace sonde::fuzz
