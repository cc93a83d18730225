#include "core/check/generate/checks.hpp"

#include <algorithm>

namespace sonde::check::generate {

const std::vector<CheckInfo>& all_checks() {
  static const std::vector<CheckInfo> checks = {
      {check_id::server_error, "no response has a 5xx status"},
      {check_id::status, "every status is documented for its operation (or by a range or default)"},
      {check_id::content_type, "every response's Content-Type is documented for its status"},
      {check_id::headers, "documented required response headers are present and valid"},
      {check_id::schema, "every response body is valid against its documented schema"},
      {check_id::negative, "a request that breaks one constraint of the description is not accepted (2xx)"},
      {check_id::positive, "a valid request is not rejected as invalid (400 or 422)"},
      {check_id::missing_header, "a request without a required header parameter gets a 4xx status"},
      {check_id::method, "a method the path does not document gets 405 with an Allow header"},
      {check_id::auth, "an operation that requires credentials refuses a request without them (401/403)"},
      {check_id::use_after_free, "a resource deleted with success is no longer readable (404/410)"},
      {check_id::availability, "a resource created with success can be read back (not 404)"},
      {check_id::time, "no response takes longer than --max-response-time"},
      {check_id::idempotency, "a POST repeated with the same Idempotency-Key gets the first answer again"},
  };
  return checks;
}

Result<std::set<std::string>> choose_checks(const std::vector<std::string>& only, const std::vector<std::string>& excluded) {
  const auto& all = all_checks();
  auto known = [&](const std::string& id) {
    return std::any_of(all.begin(), all.end(), [&](const CheckInfo& c) { return id == c.id; });
  };
  for (const auto* list : {&only, &excluded}) {
    for (const auto& id : *list) {
      if (!known(id)) {
        return fail(ErrorKind::usage, "unknown check \"" + id + "\" in " + (list == &only ? "--checks" : "--exclude-checks"),
                    {}, "see sonde check --list-checks");
      }
    }
  }
  std::set<std::string> chosen;
  for (const auto& c : all) {
    if (!only.empty() && std::find(only.begin(), only.end(), c.id) == only.end()) continue;
    if (std::find(excluded.begin(), excluded.end(), c.id) != excluded.end()) continue;
    chosen.insert(c.id);
  }
  return chosen;
}

}  // namespace sonde::check::generate
