#pragma once
/// The bridge between a loaded description (core/openapi) and the validator: $ref resolution
/// across files, schema pointers that name their file, and pointer -> file:line:col.
#include <string>
#include <string_view>

#include "core/check/schema_compiler.hpp"
#include "core/openapi/document.hpp"

namespace sonde::check {

/// The validator's dialect for a description (Swagger 2.0 reads as 3.0).
Dialect dialect_of(const openapi::Document& doc);

/// Schema pointer of a node: "#/components/schemas/Pet" in the main file, "common.yaml#/Pet" elsewhere.
std::string schema_pointer(const openapi::Document& doc, const openapi::Node& node);

/// A resolver that follows $refs through the document's files; `doc` must outlive it.
RefResolver document_ref_resolver(const openapi::Document& doc);

/// "file:line:col" of a schema pointer made by schema_pointer() (nearest existing ancestor).
std::string schema_source(const openapi::Document& doc, std::string_view pointer);

}  // namespace sonde::check
