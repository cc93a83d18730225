#pragma once
/// Validates what a request sends against the operation's schemas, with the check validator:
/// path, query and header parameters (read by their style and explode) and a JSON body. Problems
/// come back as a 400 (parameters, malformed body) or 422 (a well-formed body the schema refuses)
/// problem+json response listing each violation with its pointer.
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/check/schema_compiler.hpp"
#include "core/mock/exchange.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::mock {

class RequestValidator {
 public:
  /// `doc` must outlive the validator.
  explicit RequestValidator(const openapi::Document& doc);

  /// nullopt when every declared parameter and the body are valid.
  std::optional<MockResponse> validate(const openapi::Operation& op, const MockRequest& request,
                                       const std::map<std::string, std::string>& path_params);

 private:
  const check::Node* compiled(const openapi::Node& schema);

  const openapi::Document& doc_;
  check::SchemaCompiler compiler_;
  std::mutex compile_mutex_;  ///< compilation memoises into the compiler; validation only reads
};

/// The JSON text a parameter's raw value(s) stand for, given its schema type and serialization:
/// "5" for an integer, "\"abc\"" for a string, "[1,2]" for `ids=1,2` or `ids=1&ids=2`.
/// nullopt for objects, whose serializations are not read.
std::optional<std::string> parameter_json(const std::vector<std::string>& raw, const std::string& type,
                                          const std::string& item_type, const std::string& style, bool explode);

}  // namespace sonde::mock
