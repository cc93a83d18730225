#include "core/diff/traffic.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/check/har_reader.hpp"
#include "core/check/operation_index.hpp"
#include "core/check/request_parts.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/redaction.hpp"

namespace sonde::diff {

namespace {

// One recorded exchange as the changes read it.
struct Recorded {
  std::string operation;  ///< "GET /orders/{orderId}" in the base description; empty: none matched
  std::string method, url;
  check::HeaderPairs request_headers, response_headers;
  std::set<std::string> request_members, response_members;  ///< every member name of the JSON bodies
};

// Member names anywhere in a JSON body (nothing for a body that is not JSON, or too deep to read).
std::set<std::string> member_names(std::string_view body) {
  std::set<std::string> names;
  if (body.empty() || json_nesting_exceeds(body)) return names;
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) return names;
  std::vector<const nlohmann::json*> pending{&json};
  while (!pending.empty()) {
    const nlohmann::json* v = pending.back();
    pending.pop_back();
    if (v->is_object()) {
      for (auto it = v->begin(); it != v->end(); ++it) {
        names.insert(it.key());
        pending.push_back(&it.value());
      }
    } else if (v->is_array()) {
      for (const auto& item : *v) pending.push_back(&item);
    }
  }
  return names;
}

// "query parameter 'limit'" -> {"query", "limit"}.
std::optional<std::pair<std::string, std::string>> parameter_of(const std::string& subject) {
  auto mark = subject.find(" parameter '");
  if (mark == std::string::npos || !subject.ends_with("'")) return std::nullopt;
  std::string name = subject.substr(mark + 12, subject.size() - mark - 13);
  return std::pair{subject.substr(0, mark), name};
}

// "property 'Order.items[].sku'" -> "sku".
std::optional<std::string> property_of(const std::string& subject) {
  if (!subject.starts_with("property '") || !subject.ends_with("'")) return std::nullopt;
  std::string path = subject.substr(10, subject.size() - 11);
  while (path.ends_with("[]")) path.resize(path.size() - 2);
  auto dot = path.rfind('.');
  std::string name = dot == std::string::npos ? path : path.substr(dot + 1);
  auto bracket = name.find('[');
  return bracket == std::string::npos ? name : name.substr(0, bracket);
}

// "header 'X-Rate-Limit'" (response headers) -> "X-Rate-Limit".
std::optional<std::string> header_of_subject(const std::string& subject) {
  auto mark = subject.find("header '");
  if (mark == std::string::npos || !subject.ends_with("'")) return std::nullopt;
  return subject.substr(mark + 8, subject.size() - mark - 9);
}

bool sent_parameter(const Recorded& r, const std::string& in, const std::string& name) {
  if (in == "path") return true;
  if (in == "query") {
    auto query = check::query_parameters(r.url);
    return std::any_of(query.begin(), query.end(), [&](const auto& p) { return p.first == name; });
  }
  if (in == "header") return check::header_of(r.request_headers, name).has_value();
  if (in == "cookie") {
    auto names = check::cookie_names(r.request_headers);
    return std::find(names.begin(), names.end(), name) != names.end();
  }
  return true;
}

// Whether the recorded exchange exercises what `change` is about (its operation already matches).
// Something a request must now send (a new or newly required parameter or property) hits every
// exchange of the operation: those that did not send it are the ones that break.
bool touches(const Change& change, const Recorded& r) {
  const bool demanded = change.fact == Fact::parameter_added || change.fact == Fact::parameter_became_required ||
                        (change.direction == Direction::request &&
                         (change.fact == Fact::property_added || change.fact == Fact::property_became_required));
  if (demanded) return true;
  if (auto property = property_of(change.subject)) {
    if (change.area == Area::parameter) return true;  // inside a parameter's schema: the operation's
    const auto& members = change.direction == Direction::request ? r.request_members : r.response_members;
    return members.contains(*property);
  }
  if (change.area == Area::parameter) {
    if (auto parameter = parameter_of(change.subject)) return sent_parameter(r, parameter->first, parameter->second);
  }
  if (change.area == Area::response_header) {
    if (auto header = header_of_subject(change.subject)) return check::header_of(r.response_headers, *header).has_value();
  }
  return true;
}

Result<std::vector<Recorded>> read_traffic(std::span<const openapi::Document* const> bases,
                                           const std::vector<std::string>& hars) {
  std::vector<check::OperationIndex> indexes;
  for (const auto* doc : bases) {
    auto index = check::OperationIndex::build(*doc);
    if (!index) return std::unexpected(index.error());
    indexes.push_back(std::move(*index));
  }
  std::vector<Recorded> out;
  for (const auto& path : hars) {
    auto exchanges = check::read_har(path);
    if (!exchanges) return std::unexpected(exchanges.error());
    for (auto& ex : *exchanges) {
      Recorded r;
      for (const auto& index : indexes) {
        auto match = index.match(ex.method, ex.url);
        if (match && match->operation) {
          r.operation = match->operation->name();
          break;
        }
      }
      if (r.operation.empty()) continue;
      r.method = ex.method;
      r.url = ex.url;
      r.request_headers = std::move(ex.request_headers);
      r.response_headers = std::move(ex.headers);
      r.request_members = member_names(ex.request_body);
      r.response_members = member_names(ex.body.view());
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

Result<void> weigh_by_traffic(std::span<const openapi::Document* const> bases, const std::vector<std::string>& hars,
                              std::optional<Level> demote, Report& report) {
  auto recorded = read_traffic(bases, hars);
  if (!recorded) return std::unexpected(recorded.error());
  std::map<std::string, std::vector<const Recorded*>> by_operation;
  for (const auto& r : *recorded) by_operation[r.operation].push_back(&r);
  static const Redactor redactor;  // examples keep no user:password and no ?api_key= value
  for (auto& change : report.changes) {
    std::size_t hits = 0;
    std::set<std::string> operations(change.operations.begin(), change.operations.end());
    for (const auto& operation : operations) {
      auto found = by_operation.find(operation);
      if (found == by_operation.end()) continue;
      for (const Recorded* r : found->second) {
        if (!touches(change, *r)) continue;
        ++hits;
        if (change.examples.size() < 3) change.examples.push_back(r->method + " " + redactor.shown_url(r->url));
      }
    }
    change.hits = hits;
    if (hits == 0 && demote && change.level > *demote) {
      change.level = *demote;
      change.detail += " (no recorded exchange touches it)";
    }
  }
  return {};
}

}  // namespace sonde::diff
