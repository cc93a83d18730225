#pragma once
/// Reads a Hurl file (hurl.dev's grammar) into core/hurl/ast.hpp. A feature sonde does not run
/// is an error naming it and its `file:line:col` (exit 3), never silently skipped.
#include <string>
#include <string_view>
#include <vector>

#include "core/hurl/ast.hpp"
#include "core/util/error.hpp"

namespace sonde::hurl {

/// Parses `text`; `path` names the file in positions and errors.
Result<File> parse(std::string_view text, const std::string& path);

/// Reads and parses the file at `path`.
Result<File> parse_file(const std::string& path);

/// The [Options] names sonde runs, sorted; any other name is refused at parse time.
const std::vector<std::string>& supported_option_names();

}  // namespace sonde::hurl
