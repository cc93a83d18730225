#include "core/check/live_runner.hpp"

#include <algorithm>

#include "core/check/live_request.hpp"

#include "core/util/header_field.hpp"

namespace sonde::check {

namespace {

bool unsafe(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

Result<std::vector<const Operation*>> choose_operations(const OperationIndex& index, const LiveOptions& options) {
  std::vector<const Operation*> chosen;
  for (const auto& name : options.operations) {
    const Operation* op = index.find(name);
    if (!op) return fail(ErrorKind::usage, "no operation \"" + name + "\" in the description", {}, "give an operationId or \"METHOD /path/template\"");
    if (unsafe(op->method) && !options.include_unsafe) {
      return fail(ErrorKind::usage, op->name() + " changes state; add --include-unsafe to send it");
    }
    chosen.push_back(op);
  }
  if (options.operations.empty()) {
    for (const auto& op : index.operations()) {
      if (unsafe(op.method) && !options.include_unsafe) continue;
      if (op.method == "TRACE") continue;
      chosen.push_back(&op);
    }
  }
  if (!options.tags.empty()) {
    std::erase_if(chosen, [&](const Operation* op) {
      return std::none_of(op->tags.begin(), op->tags.end(), [&](const std::string& t) {
        return std::find(options.tags.begin(), options.tags.end(), t) != options.tags.end();
      });
    });
  }
  return chosen;
}

Result<CheckRun> run_live(const openapi::Document& doc, ContractChecker& checker, const LiveOptions& options) {
  for (const auto& h : options.headers) {
    if (auto ok = check_header_line(h, ErrorKind::usage, "-H"); !ok) return std::unexpected(ok.error());
  }
  auto chosen = choose_operations(checker.index(), options);
  if (!chosen) return std::unexpected(chosen.error());
  if (chosen->empty()) return fail(ErrorKind::usage, "no operation to check (see --operation, --tag, --include-unsafe)");
  CheckRun run;
  std::optional<Error> first_error;
  for (const Operation* op : *chosen) {
    auto request = build_live_request(doc, *op, options.base_url);
    if (!request) return std::unexpected(request.error());
    request->headers.insert(request->headers.end(), options.headers.begin(), options.headers.end());
    request->max_time_s = options.max_time_s;
    if (options.on_request) options.on_request(*request);
    auto exchange = send_live(*request);
    if (!exchange) {
      if (!first_error) first_error = exchange.error();
      run.errors.push_back({op->name(), request->method, request->url, describe(exchange.error())});
      continue;
    }
    auto result = checker.check(*exchange, *op);
    if (!result) return std::unexpected(result.error());
    result->url = request->url;
    run.results.push_back(std::move(*result));
  }
  // Nothing reached the server: the run itself failed (exit 4), not the contract.
  if (run.results.empty() && first_error) return std::unexpected(*first_error);
  run.coverage = coverage_of(*chosen, run.results);
  return run;
}

}  // namespace sonde::check
