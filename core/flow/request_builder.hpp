#pragma once
/// A Hurl request (templates, [QueryStringParams], [FormParams], [MultipartFormData], [Cookies],
/// [BasicAuth], a body) turned into the bytes to send.
#include "core/flow/http_call.hpp"
#include "core/flow/variables.hpp"
#include "core/hurl/ast.hpp"
#include "core/util/redaction.hpp"

namespace sonde::flow {

/// The request for `request` with `variables`; files (file,...; bodies and multipart parts)
/// are read relative to `file`'s folder. Errors name file:line:col.
Result<OutgoingRequest> build_request(const hurl::Request& request, const Variables& variables, const std::string& file,
                                      const std::string& file_root);

/// A ```graphql body as Hurl sends it: {"query": "...", "variables": {...}} (variables only when
/// the body has a `variables` block, which must render to a JSON object).
Result<std::string> graphql_payload(const hurl::Body& body, const Variables& variables, const std::string& file);

/// The request as a curl command line (secrets as `redactor` allows), with the transfer options
/// of `call` that change what curl does (-k, --cacert, -L, --max-redirs, --location-trusted), so
/// the line reproduces the entry.
std::string to_curl(const OutgoingRequest& request, const Redactor& redactor, const CallOptions& call = {});

}  // namespace sonde::flow
