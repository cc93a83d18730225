#pragma once
// Test helpers: compile a schema document and validate instance text against it.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/check/schema_compiler.hpp"
#include "core/check/validator.hpp"

namespace sonde::check::testing {

/// A schema document compiled once; `root` may hold components/$defs that $ref reaches with "#/...".
struct Compiled {
  std::unique_ptr<nlohmann::json> document;
  std::unique_ptr<SchemaCompiler> compiler;
  const Node* root = nullptr;
};

inline Compiled compile_text(const std::string& schema, Dialect dialect, const std::string& at = "") {
  Compiled c;
  c.document = std::make_unique<nlohmann::json>(nlohmann::json::parse(schema));
  c.compiler = std::make_unique<SchemaCompiler>(dialect, local_ref_resolver(*c.document));
  const nlohmann::json* node = c.document.get();
  if (!at.empty()) node = &c.document->at(nlohmann::json::json_pointer(at));
  auto compiled = c.compiler->compile(*node, "#" + at);
  if (!compiled) throw std::runtime_error(describe(compiled.error()));
  c.root = *compiled;
  return c;
}

inline ValidationResult run(const Compiled& c, std::string instance, ValidationOptions options = {}) {
  auto result = validate_body(*c.root, instance, options);
  if (!result) throw std::runtime_error(describe(result.error()));
  return *result;
}

/// True when `instance` is valid against `schema` (a standalone schema document).
inline bool valid(const std::string& schema, const std::string& instance, Dialect dialect = Dialect::oas31,
                  ValidationOptions options = {}) {
  return run(compile_text(schema, dialect), instance, options).valid();
}

}  // namespace sonde::check::testing
