#pragma once
/// A request printed back as an equivalent curl command line (secrets masked), so any replay can
/// be reproduced by hand.
#include <string>
#include <string_view>

#include "core/util/redaction.hpp"
#include "core/replay/request.hpp"

namespace sonde::replay {

/// The Transport fields as curl options (" -u user:*** -A ua --compressed"), secrets masked;
/// empty when the request asks nothing of the transport.
std::string transport_options(const Transport& transport, const Redactor& redactor);

/// "curl -X POST -H 'Idempotency-Key: ...' --data-raw '...' 'URL'" for `request`.
std::string to_curl_command(const Request& request, const Redactor& redactor);

}  // namespace sonde::replay
