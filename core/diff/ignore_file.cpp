#include "core/diff/ignore_file.hpp"

#include <cctype>

#include "core/diff/rules/rule.hpp"
#include "core/openapi/source_file.hpp"
#include "core/openapi/view.hpp"
#include "core/util/json_fields.hpp"

namespace sonde::diff {

std::string operation_key(std::string_view operation) {
  auto space = operation.find(' ');
  if (space == std::string_view::npos) return std::string(operation);
  std::string method(operation.substr(0, space));
  for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto path = operation.substr(space + 1);
  while (!path.empty() && path.front() == ' ') path.remove_prefix(1);
  return method + " " + openapi::normalize_path(path);
}

Result<std::vector<Waiver>> read_ignore_file(const std::string& path) {
  auto file = openapi::SourceFile::load(path, {});
  if (!file) return std::unexpected(file.error());
  const auto& tree = (*file)->tree();
  std::vector<Waiver> out;
  if (tree.is_null()) return out;
  if (!tree.is_array()) {
    return fail(ErrorKind::invalid_input, "ignore file must be a list of {id, operation, reason} entries",
                (*file)->where(""));
  }
  for (std::size_t i = 0; i < tree.size(); ++i) {
    std::string at = "/" + std::to_string(i);
    const auto& entry = tree[i];
    if (!entry.is_object()) return fail(ErrorKind::invalid_input, "ignore entry must be a map", (*file)->where(at));
    Waiver w;
    w.where = (*file)->where(at);
    w.id = string_member(entry, "id");
    w.reason = string_member(entry, "reason");
    if (entry.contains("operation") && entry["operation"].is_string()) w.operation = operation_key(entry["operation"].get<std::string>());
    if (!find_rule(w.id)) {
      return fail(ErrorKind::invalid_input, "ignore entry names unknown rule \"" + w.id + "\"", (*file)->where(at),
                  "see 'sonde diff --list-rules'");
    }
    if (w.reason.empty()) {
      return fail(ErrorKind::invalid_input, "ignore entry has no reason", (*file)->where(at),
                  "say why the change is waived, e.g. reason: clients migrated in v1.4");
    }
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace sonde::diff
