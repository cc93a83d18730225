#pragma once
/// A report that is a folder of files (`sonde test --report-html DIR`): the folder is created
/// when missing and each file is written atomically inside it, never through a symbolic link.
#include <string>
#include <utility>
#include <vector>

#include "core/util/error.hpp"

namespace sonde {

/// Writes `files` (name, content; each name one path component) into `dir`, created with its
/// parents when missing. A `dir` that is not (and cannot become) a directory is a usage error
/// naming it; a failed write is a runtime error naming the file. `dir` itself may be a symbolic
/// link to a directory (the user named it); links inside it are replaced, never followed.
Result<void> write_report_dir(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace sonde
