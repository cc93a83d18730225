#pragma once
/// The checks of `sonde check --generate`, each with a stable kebab-case id (a promise to users:
/// `--checks`, `--exclude-checks`, reports). The meanings follow Schemathesis' checks of the same
/// names, plus sonde's own `idempotency-key-honoured`.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::check::generate {

namespace check_id {
inline constexpr const char* server_error = "not-a-server-error";
inline constexpr const char* status = "status-code-conformance";
inline constexpr const char* content_type = "content-type-conformance";
inline constexpr const char* headers = "response-headers-conformance";
inline constexpr const char* schema = "response-schema-conformance";
inline constexpr const char* negative = "negative-data-rejection";
inline constexpr const char* positive = "positive-data-acceptance";
inline constexpr const char* missing_header = "missing-required-header";
inline constexpr const char* method = "unsupported-method";
inline constexpr const char* auth = "ignored-auth";
inline constexpr const char* use_after_free = "use-after-free";
inline constexpr const char* availability = "ensure-resource-availability";
inline constexpr const char* time = "max-response-time";
inline constexpr const char* idempotency = "idempotency-key-honoured";
}  // namespace check_id

struct CheckInfo {
  const char* id;
  const char* description;  ///< one line, for --list-checks and the man page
};

/// Every check, in the order reports list them.
const std::vector<CheckInfo>& all_checks();

/// The checks to run: `only` (all when empty) minus `excluded`. Unknown ids are usage errors
/// naming the id and the option.
Result<std::set<std::string>> choose_checks(const std::vector<std::string>& only, const std::vector<std::string>& excluded);

}  // namespace sonde::check::generate
