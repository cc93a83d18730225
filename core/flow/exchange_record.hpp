#pragma once
/// A `sonde test` call recorded for reports (the HTML pages): request and response as they may be
/// shown. One masking policy with every other output: credential headers and credential-named
/// body fields through the Redactor,
/// --secret values and `redact` captures through the file's Variables, passwords in URLs masked.
#include "core/flow/http_call.hpp"
#include "core/flow/variables.hpp"
#include "core/report/exchange.hpp"
#include "core/util/redaction.hpp"

namespace sonde::flow {

/// The request of an entry, before (or without) an answer.
report::Exchange record_request(const OutgoingRequest& request, const Redactor& redactor, const Variables& vars);

/// The whole exchange of `call`: the request as sent on the last hop, the response, the phases.
report::Exchange record_exchange(const Call& call, const Redactor& redactor, const Variables& vars);

/// Masks, in what was recorded, the secrets known only after the run (captures marked redact).
void redact_exchange(report::Exchange& exchange, const Variables& vars);

}  // namespace sonde::flow
