#pragma once
/// A typed, read-only view of a Document: operations with their parameters (path-level merged into
/// operation-level), request body, responses and effective security. Swagger 2.0 is read into the
/// same model (body parameters become a request body, response schemas get the produces types).
#include <optional>
#include <string>
#include <vector>

#include "core/openapi/document.hpp"

namespace sonde::openapi {

struct Parameter {
  std::string name;
  std::string in;  ///< path | query | header | cookie | formData
  bool required = false;
  std::string style;  ///< explicit or the default for `in`
  bool explode = false;
  Node node;    ///< the resolved Parameter Object
  Node schema;  ///< its schema (Swagger 2.0: the parameter itself)
};

struct MediaType {
  std::string name;  ///< e.g. application/json
  Node node;
  Node schema;  ///< may be empty
};

struct RequestBody {
  bool required = false;
  Node node;
  std::vector<MediaType> content;
};

struct Header {
  std::string name;
  bool required = false;
  Node node;
  Node schema;
};

struct Response {
  std::string code;  ///< "200", "2XX" or "default"
  Node node;
  std::vector<MediaType> content;
  std::vector<Header> headers;
};

/// One alternative of a security requirement list: scheme name -> scopes.
using SecurityRequirement = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct Operation {
  std::string method;  ///< upper case
  std::string path;    ///< as written, e.g. /orders/{orderId}
  std::string key;     ///< method + path with parameter names erased: "GET /orders/{}"
  Node node;
  Node item;  ///< the Path Item the operation is in (its parameters apply to it too)
  std::string operation_id;
  std::string summary;
  std::string description;
  bool deprecated = false;
  std::string sunset;  ///< x-sunset, when present
  std::vector<Parameter> parameters;
  std::optional<RequestBody> body;
  std::vector<Response> responses;
  std::vector<SecurityRequirement> security;  ///< effective: operation-level, else global
  Node security_node;                         ///< where it is written (may be empty)
  /// For a callback: the operation that registers it ("POST /subscriptions"); empty otherwise.
  std::string parent;
  /// "GET /orders/{orderId}"
  std::string name() const { return method + " " + path; }
};

struct View {
  std::vector<std::string> servers;   ///< server URLs (Swagger 2.0: scheme://host/basePath)
  std::vector<Operation> operations;  ///< in document order
  /// OpenAPI 3.1 `webhooks`: requests the API sends; `path` is "webhooks/<name>".
  std::vector<Operation> webhooks;
  /// The `callbacks` of the operations above: requests the API sends to a URL the client gave.
  /// `path` is "EXPRESSION (callback NAME of METHOD PATH)"; `key` is method and path as written.
  std::vector<Operation> callbacks;
};

/// "/orders/{orderId}" -> "/orders/{}": templates that differ only in parameter names are one endpoint.
std::string normalize_path(std::string_view path);

/// How much of each operation build_view reads.
enum class ViewDepth {
  full,     ///< everything above
  outline,  ///< names, paths, keys, nodes, operationId, deprecation: no summary, description,
            ///< parameters, body, responses or security until complete_operation() adds them. A diff completes two
            ///< operations at a time and drops them, instead of holding 22,000 whole ones per side.
};

/// Builds the view; unresolvable references are skipped when the document was loaded leniently,
/// otherwise they fail. Wrong node types (paths not a map, ...) fail with file:line:col.
Result<View> build_view(const Document& doc, ViewDepth depth = ViewDepth::full);

/// Adds to an operation of an outline view (of `doc`) what the outline left out, as a full view
/// has it, with the same errors.
Result<void> complete_operation(const Document& doc, Operation& op);

}  // namespace sonde::openapi
