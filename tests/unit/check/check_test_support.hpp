#pragma once
// Test helpers: compile a schema document and validate instance text against it.
#include <algorithm>
#include <memory>
#include <stdexcept>
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

/// Validates through validate_body (which streams what it can) and, as a cross-check, through
/// validate() on a whole parsed tape: both must find the same violations.
inline ValidationResult run(const Compiled& c, std::string instance, ValidationOptions options = {}) {
  std::string copy = instance;
  auto result = validate_body(*c.root, instance, options);
  if (!result) throw std::runtime_error(describe(result.error()));
  auto tape = parse_json(copy);
  if (!tape) throw std::runtime_error(describe(tape.error()));
  auto whole = validate(*c.root, tape->root(), options);
  auto keys = [](const ValidationResult& r) {
    std::vector<std::string> out;
    for (const auto& v : r.violations) out.push_back(v.pointer + " " + v.schema);
    std::sort(out.begin(), out.end());
    return out;
  };
  if (keys(whole) != keys(*result) || whole.omitted != result->omitted) {
    throw std::runtime_error("streamed and whole-tape validation disagree on " + copy.substr(0, 200));
  }
  return *result;
}

/// True when `instance` is valid against `schema` (a standalone schema document).
inline bool valid(const std::string& schema, const std::string& instance, Dialect dialect = Dialect::oas31,
                  ValidationOptions options = {}) {
  return run(compile_text(schema, dialect), instance, options).valid();
}

}  // namespace sonde::check::testing
