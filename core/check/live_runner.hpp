#pragma once
/// Live mode: one request per chosen operation against a running server, built from the
/// description's examples or, failing those, minimal valid values generated from the schemas;
/// each response is checked like a recorded one.
#include <functional>
#include <string>
#include <vector>

#include "core/check/check_run.hpp"
#include "core/check/exchange.hpp"
#include "core/check/live_http.hpp"
#include "core/openapi/document.hpp"

namespace sonde::check {

struct LiveOptions {
  std::string base_url;                 ///< "http://127.0.0.1:8080/v1"
  std::vector<std::string> operations;  ///< operationIds or "METHOD /template"; empty: all
  std::vector<std::string> tags;        ///< only operations with one of these tags
  std::vector<std::string> headers;     ///< extra request headers, "Name: value"
  bool include_unsafe = false;          ///< also POST, PUT, PATCH, DELETE
  double max_time_s = 30;               ///< per request, like curl --max-time
  /// Called before each request is sent (the CLI prints it as a curl command with -v).
  std::function<void(const LiveRequest&)> on_request;
};

/// The operations `options` chooses (--operation, --tag, unsafe methods only with
/// --include-unsafe, never TRACE), in document order; unknown names are usage errors.
Result<std::vector<const Operation*>> choose_operations(const OperationIndex& index, const LiveOptions& options);

/// Runs the live checks. Unknown --operation names are usage errors; when no request reaches
/// the server at all the error is `runtime` (exit 4).
Result<CheckRun> run_live(const openapi::Document& doc, ContractChecker& checker, const LiveOptions& options);

}  // namespace sonde::check
