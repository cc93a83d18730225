#pragma once
/// Checking one HTTP exchange against a description: operation lookup, response object by status
/// (exact, then range such as 2XX, then default), Content-Type against the documented media types,
/// documented required headers, and the body against its schema.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/check/body_buffer.hpp"
#include "core/check/operation_index.hpp"
#include "core/check/schema_compiler.hpp"
#include "core/check/validator.hpp"
#include "core/openapi/document.hpp"

namespace sonde::check {

/// One recorded or live exchange, as far as the checks need it.
struct HttpExchange {
  std::string method;  ///< "GET"
  std::string url;     ///< absolute URL or path
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  ///< response headers
  BodyBuffer body;                                           ///< response body (decoded)
  bool content_type_known = true;  ///< false: no Content-Type was given; assume the documented JSON type
  double time_ms = 0;              ///< how long the exchange took (HAR `time`, live total time); 0 unknown
  bool body_recorded = true;       ///< false: a HAR saved without content; body checks are skipped
  /// What the request carried, when it is known (HAR `request`): for the request checks.
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::string request_body;
  /// False when the recorded request had a body whose bytes were not kept (a HAR entry whose
  /// postData has no text: sonde's proxy passed it on unread): its content is not checked.
  bool request_body_recorded = true;
};

/// Stable violation kinds of the JSON contract.
namespace kind {
inline constexpr const char* status = "status";
inline constexpr const char* content_type = "content-type";
inline constexpr const char* header = "header";
inline constexpr const char* body = "body";
inline constexpr const char* server_error = "server-error";
inline constexpr const char* time = "time";
}  // namespace kind

struct ExchangeViolation {
  std::string kind;     ///< one of the kind:: names
  std::string pointer;  ///< into the body ("" for the whole body or when not about the body)
  std::string schema;   ///< schema or description pointer, "#/paths/~1pets/get/responses"
  std::string source;   ///< file:line:col of `schema`
  std::string keyword;  ///< JSON Schema keyword for body/header violations
  std::string message;
  std::string expected;  ///< what the description wants ("integer", "one of 200, 404")
  std::string actual;    ///< what the exchange had ("\"7\" (string)", "418"); empty when absent
};

struct ExchangeResult {
  std::optional<std::string> operation;  ///< "GET /pets/{id}"; nullopt when nothing matched
  std::string method, url;
  int status = 0;
  std::vector<ExchangeViolation> violations;
  std::size_t omitted = 0;  ///< body violations beyond the cap
  /// Violations about values the recorded traffic holds masked ("***": core/check/masked_values.hpp),
  /// set aside: what was really sent there is unknown.
  std::size_t masked = 0;
  std::string note;         ///< e.g. "no operation matches GET /favicon.ico"
  std::string response_key; ///< the responses entry used: "200", "2XX", "default"; empty if none
  double time_ms = 0;       ///< copied from the exchange
  bool passed() const { return operation && violations.empty() && omitted == 0; }
};

struct CheckOptions {
  ValidationOptions validation;
  double max_time_ms = 0;  ///< > 0: an exchange that took longer (HAR `time`, live total) is a violation
  std::string max_time_option = "--max-time";  ///< the option that set it, named in the message
};

class ContractChecker {
 public:
  /// `doc` must outlive the checker. Fails when the description's paths cannot be read.
  static Result<std::unique_ptr<ContractChecker>> create(const openapi::Document& doc, CheckOptions options = {});
  const OperationIndex& index() const { return index_; }
  /// Finds the operation and checks the exchange; errors only for an invalid description. The body
  /// is consumed: it is unescaped in place rather than copied (bodies may be hundreds of MB).
  Result<ExchangeResult> check(HttpExchange& exchange);
  /// Checks the exchange against a known operation (--operation).
  Result<ExchangeResult> check(HttpExchange& exchange, const Operation& operation);
  /// Formats declared in the description that have no checker (they pass).
  const std::vector<std::string>& unknown_formats() const { return compiler_.unknown_formats(); }

 private:
  ContractChecker(const openapi::Document& doc, OperationIndex index, CheckOptions options);
  Result<void> check_headers(const openapi::Node& response, const HttpExchange& exchange, ExchangeResult& out);
  Result<void> check_content(const openapi::Node& response, const Operation& op, HttpExchange& exchange,
                             ExchangeResult& out);
  Result<void> check_body(const openapi::Node& schema, BodyBuffer& body, ExchangeResult& out);
  Result<const Node*> compiled(const openapi::Node& schema);

  const openapi::Document& doc_;
  OperationIndex index_;
  CheckOptions options_;
  SchemaCompiler compiler_;
  /// Schemas compile on first use, memoised in compiler_; validation only reads what they became,
  /// so checks from several threads (sonde check --proxy) share one checker. Once compiled, a
  /// schema is found by the address of its value, under a shared lock: every exchange asks for
  /// one, and building its pointer and taking an exclusive lock each time serialised the proxy.
  std::shared_mutex compile_mutex_;
  std::unordered_map<const openapi::DocValue*, const Node*> compiled_by_value_;
};

/// Looks up a header case-insensitively; nullptr when absent.
const std::string* find_header(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name);

}  // namespace sonde::check
