#pragma once
/// Turns Schema Objects (sub-trees of a parsed description) into the node graph of schema.hpp.
/// Compilation is memoised by JSON node, so every schema compiles once and $ref cycles close on
/// themselves.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/check/schema.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

/// Where a `$ref` points: the JSON node and its schema pointer ("#/components/schemas/Pet").
struct RefTarget {
  const nlohmann::json* node = nullptr;
  std::string pointer;
};

/// Resolves a `$ref` value met at schema pointer `from`; errors name the reference.
using RefResolver = std::function<Result<RefTarget>(std::string_view ref, std::string_view from)>;

/// A resolver for local references ("#/a/b") inside `root`; `root` must outlive it.
RefResolver local_ref_resolver(const nlohmann::json& root);

class SchemaIndex;

class SchemaCompiler {
 public:
  SchemaCompiler(Dialect dialect, RefResolver resolver);
  /// Compiles `schema` found at `pointer`; the node lives as long as this compiler.
  Result<const Node*> compile(const nlohmann::json& schema, const std::string& pointer);
  /// Compiles the target of a `$ref` written at `from`.
  Result<const Node*> compile_ref(std::string_view ref, std::string_view from);
  Dialect dialect() const { return dialect_; }
  /// Gives the compiler the resources of the documents (schema_index.hpp), for `$dynamicRef` and
  /// `$dynamicAnchor`; `index` must outlive the compiler. Without it, `$dynamicRef` acts as `$ref`.
  void use_index(const SchemaIndex& index) { index_ = &index; }
  /// Formats met that have no checker (they pass).
  const std::vector<std::string>& unknown_formats() const { return unknown_formats_; }
  void note_unknown_format(const std::string& name);

 private:
  Dialect dialect_;
  RefResolver resolver_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<const nlohmann::json*, Node*> memo_;
  std::vector<std::string> unknown_formats_;
  const SchemaIndex* index_ = nullptr;
  std::map<std::string, std::unique_ptr<DynamicScope>> scopes_;  ///< resource URI -> its anchors (null: none)

  Result<void> attach_scope(const nlohmann::json& schema, Node& node);
  Result<void> compile_dynamic_ref(const nlohmann::json& schema, Node& node);
  void drop_validation_vocabulary(Node& node);
};

}  // namespace sonde::check
