#include "core/check/spec_schemas.hpp"

namespace sonde::check {

namespace {

// Splits "file#/pointer" into the file index and the pointer; "#/pointer" is the main file.
std::pair<int, std::string_view> split_pointer(const openapi::Document& doc, std::string_view pointer) {
  auto hash = pointer.find('#');
  if (hash == std::string_view::npos) return {0, pointer};
  std::string_view file = pointer.substr(0, hash);
  std::string_view rest = pointer.substr(hash + 1);
  if (file.empty()) return {0, rest};
  for (std::size_t i = 0; i < doc.file_count(); ++i) {
    if (doc.file(static_cast<int>(i)).path() == file) return {static_cast<int>(i), rest};
  }
  return {0, rest};
}

}  // namespace

Dialect dialect_of(const openapi::Document& doc) {
  return doc.dialect() == openapi::Dialect::openapi31 ? Dialect::oas31 : Dialect::oas30;
}

std::string schema_pointer(const openapi::Document& doc, const openapi::Node& node) {
  if (node.file == 0) return "#" + node.pointer.str();
  return doc.file(node.file).path() + "#" + node.pointer.str();
}

RefResolver document_ref_resolver(const openapi::Document& doc) {
  return [&doc](std::string_view ref, std::string_view from) -> Result<RefTarget> {
    const int file = split_pointer(doc, from).first;
    auto target = doc.follow(file, ref);
    if (!target) {
      Error e = target.error();
      e.where = schema_source(doc, from);
      return std::unexpected(e);
    }
    // The compiler reads nlohmann::json: the target's conversion, made once and kept by the document.
    return RefTarget{&doc.json(*target->value), schema_pointer(doc, *target)};
  };
}

std::string schema_source(const openapi::Document& doc, std::string_view pointer) {
  auto [file, local] = split_pointer(doc, pointer);
  return doc.file(file).where(local);
}

}  // namespace sonde::check
