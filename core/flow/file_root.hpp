#pragma once
/// Where the files a Hurl file names may be: `file,` bodies and predicate values and multipart
/// files are read from inside its file root (the Hurl file's folder, or --file-root), and
/// `output:` writes inside the working folder or the file root, as Hurl allows. Without it a
/// file from an untrusted change, run in CI with the pipeline's rights, could read
/// /root/.aws/credentials into a request, or write a response body over ~/.ssh/authorized_keys.
/// Symbolic links are followed before the check, so none leads out.
#include <string>

#include "core/util/error.hpp"

namespace sonde::flow {

/// The path to read for `name` (relative to the file root, or absolute), when it lies inside the
/// file root: `file_root` when given, else the folder of `hurl_file`. `where`: the file:line:col
/// that named it, for the error.
Result<std::string> readable_file(const std::string& name, const std::string& hurl_file, const std::string& file_root,
                                  const std::string& where);

/// The bytes of the file `name` (as readable_file finds it); an error names the file and `where`
/// ("the file 'pipe': not a regular file (a FIFO)" at u.hurl:2:1).
Result<std::string> read_named_file(const std::string& name, const std::string& hurl_file, const std::string& file_root,
                                    const std::string& where);

/// `output:`'s `name` (relative to the working folder, as curl's --output), when it lies inside the
/// working folder or the file root.
Result<std::string> writable_file(const std::string& name, const std::string& hurl_file, const std::string& file_root,
                                  const std::string& where);

/// Whether `path` is `folder` or inside it once both are made absolute, symbolic links followed
/// (for the part that exists) and dot segments resolved.
bool is_inside(const std::string& path, const std::string& folder);

}  // namespace sonde::flow
