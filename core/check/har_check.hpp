#pragma once
/// Recorded traffic (a HAR file's exchanges) checked against a description, in one or both
/// directions: what each request sent (parameters, media type, body: the mock's request checks)
/// and what each response answered (status, content type, headers, body).
#include <vector>

#include "core/check/check_run.hpp"
#include "core/check/exchange.hpp"
#include "core/check/request_check.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check {

enum class TrafficDirection { request, response, both };

/// "request", "response" or "both"; nullopt for anything else.
std::optional<TrafficDirection> parse_direction(std::string_view text);

/// Each exchange checked in the directions asked; request violations (kinds request-*) come first
/// in a result. `requests` may be null only for TrafficDirection::response. Coverage is of the whole
/// description. Errors only for an invalid description.
///
/// Violations about values the traffic holds masked under `masking`'s policy (a HAR written with
/// credentials as "***") are set aside and counted in ExchangeResult::masked.
Result<CheckRun> check_exchanges(std::vector<HttpExchange>& exchanges, ContractChecker& responses,
                                 RequestContract* requests, TrafficDirection direction,
                                 const Redactor& masking = Redactor());

}  // namespace sonde::check
