#pragma once
/// A loaded OpenAPI description (Swagger 2.0, OpenAPI 3.0.x or 3.1.x), one file or several joined
/// by relative `$ref`s. Each file is a compact read-only DocTree (YAML is converted); references
/// stay references and are followed on demand, so recursive schemas are a graph, never an
/// expansion.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/openapi/pointer_path.hpp"
#include "core/openapi/source_file.hpp"
#include "core/util/error.hpp"

namespace sonde::openapi {

enum class Dialect { swagger2, openapi30, openapi31 };

struct LoadOptions {
  bool allow_remote_refs = false;  ///< only then may an http(s) $ref be fetched
  bool allow_outside_refs = false;  ///< only then may a local $ref leave the main file's folder
  /// The folder local $refs must stay inside; empty: the main file's folder. `diff --composed`
  /// sets the folder its pattern starts from, so split descriptions may share schema files.
  std::string ref_root;
  bool lenient = false;            ///< keep going past dangling $refs (they are listed in problems())
  ParseLimits limits;
};

/// A value inside the description: the value in its file's DocTree, the file it lives in and its
/// pointer there (written out on demand: pointer.str()).
struct Node {
  const DocValue* value = nullptr;
  int file = 0;
  PointerPath pointer;
  explicit operator bool() const { return value != nullptr; }
  const DocValue& operator*() const { return *value; }
  const DocValue* operator->() const { return value; }
};

class Document {
 public:
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  Dialect dialect() const { return dialect_; }
  /// The `openapi` or `swagger` field as written.
  const std::string& version() const { return version_; }
  /// The main file's path as given to load().
  const std::string& path() const;
  const DocValue& root() const;
  Node root_node() const;
  /// `value` (a value of this document's trees) as nlohmann::json, for the code that needs one (the
  /// schema compiler, instance generation, examples given back as bodies). Converted on first use
  /// and kept: the same value gives the same object, which lives as long as the document.
  /// Thread-safe.
  const nlohmann::json& json(const DocValue& value) const;

  /// The member `key` (or array index) of `node`, or an empty Node.
  static Node child(const Node& node, std::string_view key);
  /// Follows `$ref` chains from `node`; returns `node` itself when it is not a reference. The error
  /// names the place the reference is written.
  Result<Node> resolve(const Node& node) const;
  /// resolve(child(node, key)), without building the pointer of a member that is a reference
  /// (the Node returned carries its target's pointer either way).
  Result<Node> resolve_child(const Node& node, std::string_view key) const;
  /// Where the reference `ref`, written in file `file`, leads: its target, `$ref` chains
  /// followed. For references that are not in the tree (the schema compiler's); errors carry no
  /// place, the caller knows it.
  Result<Node> follow(int file, std::string_view ref) const;
  /// The value at `pointer` in file `file`.
  Result<Node> find(int file, std::string_view pointer) const;

  /// "file:line:col" of a node.
  std::string where(const Node& node) const;
  /// "file:line:col" of a pointer into the main file.
  std::string where(std::string_view pointer) const;
  const SourceFile& file(int index) const { return *files_.at(static_cast<std::size_t>(index)); }
  std::size_t file_count() const { return files_.size(); }
  /// Dangling or unfetched references kept under LoadOptions::lenient, in document order.
  const std::vector<Error>& problems() const { return problems_; }

 private:
  friend Result<Document> load(const std::string& path, const LoadOptions& options);
  friend class RefWalker;
  Document();
  Result<Node> target(int from_file, const std::string& ref) const;

  std::vector<std::unique_ptr<SourceFile>> files_;
  std::unordered_map<std::string, int> file_index_;
  Dialect dialect_ = Dialect::openapi30;
  std::string version_;
  std::vector<Error> problems_;
  LoadOptions options_;
  struct JsonCache;
  std::unique_ptr<JsonCache> json_cache_;
  /// Where each `$ref` the load checked leads, found by the address of the object holding it
  /// (sorted by it): resolving a reference again is then a binary search, not a percent-decoding
  /// and a walk down the target's pointer (graph-beta.json: 150,000 references, a few thousand
  /// distinct targets). A reference not in it (made up by a caller, or dangling under
  /// --lenient) is resolved as before.
  struct RefSite {
    const DocValue* holder;
    std::uint32_t target;  ///< index into ref_targets_
  };
  std::vector<RefSite> ref_sites_;
  std::vector<Node> ref_targets_;
  /// The index in ref_sites_ of `holder`, or ref_sites_.size() when it is not one.
  std::size_t ref_site_of(const DocValue* holder) const;
  const Node* known_target(const DocValue* holder) const;
};

/// The file a `$ref`'s file part names, seen from the file `from`: an absolute URL as is, a path
/// relative to a URL joined onto it, a path relative to a local file normalized.
std::string ref_target_file(const std::string& from, const std::string& file_part);

/// Loads `path` and every file it references, checks the version, that `paths` is a map, and
/// every `$ref` (except inside example, examples, default, enum, const and x- values, which are
/// data): it must resolve, stay inside the folder of `path` (symlinks followed) unless
/// allow_outside_refs, and no chain of references may loop without reaching a value.
Result<Document> load(const std::string& path, const LoadOptions& options = {});

}  // namespace sonde::openapi
