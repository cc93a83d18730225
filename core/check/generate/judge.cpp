#include "core/check/generate/judge.hpp"

#include <algorithm>

#include "core/check/generate/checks.hpp"

namespace sonde::check::generate {

namespace {

const char* check_of(const std::string& violation_kind) {
  if (violation_kind == kind::server_error) return check_id::server_error;
  if (violation_kind == kind::status) return check_id::status;
  if (violation_kind == kind::content_type) return check_id::content_type;
  if (violation_kind == kind::header) return check_id::headers;
  if (violation_kind == kind::body) return check_id::schema;
  if (violation_kind == kind::time) return check_id::time;
  return nullptr;
}

bool success(int status) { return status >= 200 && status < 300; }

}  // namespace

std::vector<Verdict> judge(const Case& c, const HttpExchange& exchange, const ExchangeResult* contract,
                           const std::set<std::string>& enabled) {
  std::vector<Verdict> out;
  auto add = [&](const char* id, std::string message) {
    if (!enabled.count(id)) return;
    // One verdict per check: the first violation says it.
    if (std::any_of(out.begin(), out.end(), [&](const Verdict& v) { return v.check == id; })) return;
    out.push_back({id, std::move(message)});
  };
  const std::string status = "status " + std::to_string(exchange.status);
  if (contract) {
    for (const auto& v : contract->violations) {
      const char* id = check_of(v.kind);
      // An undocumented 500 is one finding (the server error), not two.
      if (id == nullptr || (v.kind == kind::status && exchange.status >= 500 && enabled.count(check_id::server_error))) continue;
      add(id, v.message);
    }
  } else if (exchange.status >= 500) {
    add(check_id::server_error, "server error: " + status);
  }
  switch (c.intent) {
    case Intent::positive:
      if (exchange.status == 400 || exchange.status == 422) add(check_id::positive, status + " rejected a valid request");
      break;
    case Intent::negative:
      if (success(exchange.status)) add(check_id::negative, status + " accepted an invalid request (" + c.label + ")");
      break;
    case Intent::missing_header:
      if (exchange.status < 400 || exchange.status >= 500) {
        add(check_id::missing_header, status + " without required header " + c.left_out_header + " (expected a 4xx status)");
      }
      break;
    case Intent::unsupported_method:
      if (exchange.status != 405) {
        add(check_id::method, status + " for " + c.method + ", which " + c.op->path + " does not document (expected 405)");
      } else if (!find_header(exchange.headers, "Allow")) {
        add(check_id::method, "405 for " + c.method + " without an Allow header (RFC 9110 section 15.5.6)");
      }
      break;
    case Intent::no_auth:
      if (success(exchange.status)) add(check_id::auth, status + " without credentials (expected 401 or 403)");
      break;
  }
  // The order of all_checks(), whatever order the violations came in.
  const auto& all = all_checks();
  auto rank = [&](const Verdict& v) {
    return std::find_if(all.begin(), all.end(), [&](const CheckInfo& i) { return v.check == i.id; }) - all.begin();
  };
  std::stable_sort(out.begin(), out.end(), [&](const Verdict& a, const Verdict& b) { return rank(a) < rank(b); });
  return out;
}

}  // namespace sonde::check::generate
