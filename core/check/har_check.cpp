#include "core/check/har_check.hpp"

#include "core/check/masked_values.hpp"

namespace sonde::check {

std::optional<TrafficDirection> parse_direction(std::string_view text) {
  if (text == "request") return TrafficDirection::request;
  if (text == "response") return TrafficDirection::response;
  if (text == "both") return TrafficDirection::both;
  return std::nullopt;
}

Result<CheckRun> check_exchanges(std::vector<HttpExchange>& exchanges, ContractChecker& responses,
                                 RequestContract* requests, TrafficDirection direction, const Redactor& masking) {
  CheckRun run;
  for (auto& ex : exchanges) {
    const MaskedSpots masked = masked_spots(ex, masking);  // before the response check consumes the body
    // Read before the response check, which consumes the exchange's body.
    std::vector<ExchangeViolation> sent;
    if (direction != TrafficDirection::response && requests) {
      for (auto& v : requests->check(SentRequest{ex.method, ex.url, ex.request_headers, ex.request_body, !ex.request_body_recorded})) {
        // The failing keyword is the schema pointer's last step, as response violations name it.
        std::string keyword = v.schema.empty() ? "" : v.schema.substr(v.schema.rfind('/') + 1);
        sent.push_back({v.kind, v.where, v.schema, v.source, std::move(keyword), v.message, "", ""});
      }
    }
    // The response check also finds the operation and the responses entry, which the request
    // direction reports (and coverage counts) too.
    auto result = responses.check(ex);
    if (!result) return std::unexpected(result.error());
    if (direction == TrafficDirection::request) {
      result->violations.clear();
      result->omitted = 0;
    }
    if (!masked.empty()) {
      auto set_aside = std::erase_if(sent, [&](const ExchangeViolation& v) { return masks_request(masked, v.kind, v.pointer); }) +
                       std::erase_if(result->violations, [&](const ExchangeViolation& v) { return masks_response(masked, v); });
      result->masked += set_aside;
    }
    sent.insert(sent.end(), std::make_move_iterator(result->violations.begin()),
                std::make_move_iterator(result->violations.end()));
    result->violations = std::move(sent);
    run.results.push_back(std::move(*result));
  }
  std::vector<const Operation*> all;
  for (const auto& op : responses.index().operations()) all.push_back(&op);
  run.coverage = coverage_of(all, run.results);
  return run;
}

}  // namespace sonde::check
