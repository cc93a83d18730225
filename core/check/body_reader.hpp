#pragma once
/// Reading a response body from disk into one exactly sized buffer: the validator unescapes in
/// place, so the body file costs its size in memory once (read_file's stringstream costs ~2-3x).
#include <string>

#include "core/util/error.hpp"

namespace sonde::check {

/// The file's bytes; errors (invalid_input) name the path and the reason.
Result<std::string> read_body(const std::string& path);

}  // namespace sonde::check
