#pragma once
#include "core/util/text_codec.hpp"
/// The operations of a description and the lookup from a concrete request (method + URL) to the
/// operation whose path template matches it, with server prefixes stripped and path parameters
/// percent-decoded. Concrete segments beat templated ones (OpenAPI 3.1 section 4.8.8.2).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/openapi/document.hpp"

namespace sonde::check {

struct Operation {
  std::string method;        ///< upper case, "GET"
  std::string path;          ///< the template, "/pets/{petId}"
  std::string operation_id;  ///< may be empty
  std::vector<std::string> tags;
  openapi::Node node;        ///< the Operation Object
  openapi::Node path_item;   ///< its Path Item (for path-level parameters)
  /// "GET /pets/{petId}"
  std::string name() const { return method + " " + path; }
};

struct OperationMatch {
  const Operation* operation = nullptr;
  std::map<std::string, std::string> path_params;  ///< decoded values
};

class OperationIndex {
 public:
  /// Collects every operation under `paths` (following Path Item $refs) and the server prefixes.
  static Result<OperationIndex> build(const openapi::Document& doc);
  const std::vector<Operation>& operations() const { return operations_; }
  /// The operation for `method` and `url` (absolute, or a path with optional query).
  std::optional<OperationMatch> match(std::string_view method, std::string_view url) const;
  /// True when some operation's template matches the path, whatever the method.
  bool path_known(std::string_view url) const;
  /// By operationId, or by "METHOD /template".
  const Operation* find(std::string_view id_or_name) const;
  /// Server path prefixes tried, longest first ("" last).
  const std::vector<std::string>& prefixes() const { return prefixes_; }

 private:
  std::optional<OperationMatch> match_path(std::string_view method, std::string_view path, bool any_method) const;
  void index_templates();

  // One operation's path template, split once: a proxy or a HAR check matches every exchange,
  // and splitting each template again for each one made a match cost O(operations x segments).
  struct PathTemplate {
    std::vector<std::string> segments;
    std::vector<bool> literal;  ///< per segment: no parameter in it (concrete segments win)
  };
  std::vector<Operation> operations_;
  std::vector<PathTemplate> templates_;  ///< parallel to operations_
  /// Segment count -> operations with that many, in the order of `paths` (ties go to the first).
  std::unordered_map<std::size_t, std::vector<std::size_t>> by_segment_count_;
  std::vector<std::string> prefixes_;
};

/// The path of a URL: scheme and authority, query and fragment removed ("/v1/pets/7").
std::string url_path(std::string_view url);

using sonde::percent_decode;  // paths are percent-decoded before matching

}  // namespace sonde::check
