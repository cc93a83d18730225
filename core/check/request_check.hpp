#pragma once
/// What a request sends, checked against its operation: credentials for its security requirements
/// present (core/check/security_check.hpp), required parameters present, parameter
/// values (read by their style and explode) and a body valid against their schemas (JSON,
/// form-urlencoded, multipart/form-data with its encoding object), a
/// required body present, its media type documented. The mock answers with these (400/415/422);
/// `sonde test --spec` reports them as broken tests (a flow that sends an invalid request tests
/// nothing).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/check/operation_index.hpp"
#include "core/check/request_parts.hpp"
#include "core/check/schema_compiler.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::check {

struct SentRequest {
  std::string method;  ///< upper case
  std::string target;  ///< path and query as sent (an absolute URL works too)
  HeaderPairs headers;
  std::string body;
  /// The body was passed on without being read (the proxy streams a body too large to hold, or of
  /// a type no check reads): that it is present and its media type are checked, its content is not.
  bool body_unread = false;
};

/// Stable kinds of request violations, worst first.
namespace request_kind {
inline constexpr const char* security = "request-security";      ///< no credentials for any security alternative (401)
inline constexpr const char* media_type = "request-media-type";  ///< Content-Type not documented (415)
inline constexpr const char* missing = "request-missing";        ///< required parameter or body absent (400)
inline constexpr const char* malformed = "request-malformed";    ///< a JSON body that does not parse (400)
inline constexpr const char* parameter = "request-parameter";    ///< a value its schema refuses (400)
inline constexpr const char* body = "request-body";              ///< a body its schema refuses (422)
}  // namespace request_kind

struct RequestViolation {
  std::string kind;     ///< one of request_kind::
  std::string where;    ///< "/query/limit", "/header/X-Id", "/body/items/0/sku", "/body"
  std::string message;  ///< "expected integer, got \"ten\" (string)"
  std::string schema;   ///< the schema pointer of the failing keyword, when a schema failed
  std::string source;   ///< its file:line:col
};

class RequestChecker {
 public:
  /// `doc` must outlive the checker.
  explicit RequestChecker(const openapi::Document& doc);

  /// Every violation of `op`'s contract by `request`; empty when it conforms. When the media type
  /// is not documented, that is the only violation (the body cannot be read by a schema).
  std::vector<RequestViolation> check(const openapi::Operation& op, const SentRequest& request,
                                      const std::map<std::string, std::string>& path_params);

 private:
  const Node* compiled(const openapi::Node& schema);
  void check_values(const openapi::Operation& op, const SentRequest& request,
                    const std::map<std::string, std::string>& path_params, std::vector<RequestViolation>& out);

  const openapi::Document& doc_;
  SchemaCompiler compiler_;
  std::mutex compile_mutex_;  ///< compilation memoises into the compiler; validation only reads
};

/// Request checks by URL, for clients (sonde test --spec): finds the operation the way the response
/// checks do, then checks what was sent.
class RequestContract {
 public:
  /// `doc` and `index` must outlive the contract. Fails when the description's operations cannot be read.
  static Result<std::unique_ptr<RequestContract>> create(const openapi::Document& doc, const OperationIndex& index);

  /// The violations of the request's operation; empty when it conforms or when no operation
  /// matches (the response check reports an undocumented operation once).
  std::vector<RequestViolation> check(const SentRequest& request);

 private:
  RequestContract(const openapi::Document& doc, const OperationIndex& index, openapi::View view);
  const OperationIndex& index_;
  openapi::View view_;
  std::map<std::string, const openapi::Operation*> by_name_;  ///< "GET /pets/{id}" -> operation
  RequestChecker checker_;
};

/// The JSON text a parameter's raw value(s) stand for, given its schema type and serialization:
/// "5" for an integer, "\"abc\"" for a string, "[1,2]" for `ids=1,2` or `ids=1&ids=2`.
/// nullopt for objects, whose serializations are not read.
std::optional<std::string> parameter_json(const std::vector<std::string>& raw, const std::string& type,
                                          const std::string& item_type, const std::string& style, bool explode);

/// Whether a sent Content-Type matches a documented media range ("application/*", "*/*").
bool media_matches(const std::string& documented, const std::string& sent);

}  // namespace sonde::check
