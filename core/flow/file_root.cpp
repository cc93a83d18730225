#include "core/flow/file_root.hpp"

#include <filesystem>

#include "core/util/file_read.hpp"

namespace sonde::flow {

namespace fs = std::filesystem;

namespace {

// Absolute, symbolic links of the existing part followed, the rest lexically normal (a file
// `output:` is to create does not exist yet).
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path absolute = fs::absolute(p, ec);
  if (ec) absolute = p;
  fs::path out = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : out;
}

std::string root_of(const std::string& hurl_file, const std::string& file_root) {
  if (!file_root.empty()) return file_root;
  const fs::path parent = fs::path(hurl_file).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// The root as a reader knows it: where it comes from, then the path.
std::string root_label(const std::string& hurl_file, const std::string& file_root) {
  const std::string root = root_of(hurl_file, file_root);
  return (file_root.empty() ? "the Hurl file's folder (" : "the --file-root folder (") + root + ")";
}

std::unexpected<Error> outside(const std::string& what, const std::string& name, const std::string& hurl_file,
                               const std::string& file_root, const std::string& where, const std::string& prefix = {}) {
  return fail(ErrorKind::invalid_input, what + " '" + name + "' is outside " + prefix + root_label(hurl_file, file_root),
              where,
              file_root.empty() ? "a Hurl file may name files inside its own folder; --file-root DIR allows another"
                                : "--file-root names the folder a Hurl file's files may be in");
}

}  // namespace

bool is_inside(const std::string& path, const std::string& folder) {
  const fs::path p = resolved(path), f = resolved(folder);
  // Component by component: /srv/api2 is not inside /srv/api.
  auto pi = p.begin();
  for (auto fi = f.begin(); fi != f.end(); ++fi, ++pi) {
    if (fi->empty()) continue;  // a trailing separator
    if (pi == p.end() || *pi != *fi) return false;
  }
  return true;
}

Result<std::string> readable_file(const std::string& name, const std::string& hurl_file, const std::string& file_root,
                                  const std::string& where) {
  const std::string root = root_of(hurl_file, file_root);
  const std::string path = (fs::path(root) / name).string();  // an absolute `name` stays as it is
  if (!is_inside(path, root)) return outside("the file", name, hurl_file, file_root, where);
  return path;
}

Result<std::string> read_named_file(const std::string& name, const std::string& hurl_file, const std::string& file_root,
                                    const std::string& where) {
  auto path = readable_file(name, hurl_file, file_root, where);
  if (!path) return std::unexpected(path.error());
  auto bytes = read_file(*path);
  if (!bytes) {
    // The Hurl file's line says which of its files this is; the path alone would not. The path
    // is said too when the root is not the working folder (it is then not the name).
    Error e = std::move(bytes.error());
    const bool elsewhere = root_of(hurl_file, file_root) != "." && !fs::path(name).is_absolute();
    // "cannot read file (ENOENT)" after "the file 'x':" would say "file" twice.
    constexpr std::string_view k_cannot = "cannot read file (";
    if (e.message.starts_with(k_cannot)) e.message.replace(0, k_cannot.size(), "cannot read it (");
    e.message = "the file '" + name + "'" + (elsewhere ? " (" + *path + ")" : std::string()) + ": " + e.message;
    e.where = where;
    return std::unexpected(std::move(e));
  }
  return bytes;
}

Result<std::string> writable_file(const std::string& name, const std::string& hurl_file, const std::string& file_root,
                                  const std::string& where) {
  if (is_inside(name, ".") || is_inside(name, root_of(hurl_file, file_root))) return name;
  return outside("the output file", name, hurl_file, file_root, where, "the working folder and ");
}

}  // namespace sonde::flow
