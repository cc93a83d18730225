#include "core/mock/mock_service.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/mock/example_matcher.hpp"
#include "core/mock/problem.hpp"
#include "core/mock/request_gate.hpp"
#include "core/mock/request_target.hpp"
#include "core/mock/response_picker.hpp"

namespace sonde::mock {

namespace {

// Applies "latency=…,fail-rate=…,reset-rate=…" on top of `plan`.
Result<void> apply_settings(std::string_view settings, FaultPlan& plan) {
  while (!settings.empty()) {
    auto comma = settings.find(',');
    std::string_view item = settings.substr(0, comma);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      return fail(ErrorKind::usage, "invalid fault setting \"" + std::string(item) + "\"", {},
                  "write NAME=VALUE with latency, fail-rate or reset-rate");
    }
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "latency") {
      auto latency = parse_latency(value);
      if (!latency) return std::unexpected(latency.error());
      plan.latency = *latency;
    } else if (key == "fail-rate") {
      auto rate = parse_fail_rate(value);
      if (!rate) return std::unexpected(rate.error());
      plan.fail = *rate;
    } else if (key == "reset-rate") {
      auto p = parse_probability(value, "reset-rate");
      if (!p) return std::unexpected(p.error());
      plan.reset_probability = *p;
    } else {
      return fail(ErrorKind::usage, "unknown fault \"" + std::string(key) + "\"", {},
                  "faults are latency, fail-rate and reset-rate");
    }
    if (comma == std::string_view::npos) break;
    settings = settings.substr(comma + 1);
  }
  return {};
}

// x-sonde-mock: {latency: "50ms..200ms", fail-rate: "0.2:503", reset-rate: 0.1}
Result<void> apply_extension(const openapi::Document& doc, const openapi::Node& op_node, FaultPlan& plan) {
  openapi::Node ext = openapi::Document::child(op_node, "x-sonde-mock");
  if (!ext) return {};
  if (!ext->is_object()) return fail(ErrorKind::invalid_input, "x-sonde-mock must be a map", doc.where(ext));
  std::string settings;
  for (const auto& entry : ext->members()) {
    const openapi::DocValue& value = entry.value();
    std::string text = value.is_string() ? value.str() : value.dump();
    settings += (settings.empty() ? "" : ",") + std::string(entry.key()) + "=" + text;
  }
  auto applied = apply_settings(settings, plan);
  if (!applied) {
    Error e = applied.error();
    return fail(ErrorKind::invalid_input, "invalid x-sonde-mock: " + e.message, doc.where(ext));
  }
  return {};
}

// The path part of every server URL ("https://api.example/v2" -> "/v2"), and Swagger 2.0's basePath.
std::vector<std::string> base_paths(const openapi::Document& doc) {
  std::vector<std::string> out;
  auto add = [&out](std::string path) {
    while (!path.empty() && path.back() == '/') path.pop_back();
    if (!path.empty() && path.front() == '/' && std::find(out.begin(), out.end(), path) == out.end()) out.push_back(path);
  };
  const openapi::DocValue& root = doc.root();
  if (root.contains("servers") && root["servers"].is_array()) {
    for (const auto& server : root["servers"]) {
      if (!server.is_object() || !server.contains("url") || !server["url"].is_string()) continue;
      std::string url = server["url"].get<std::string>();
      auto scheme = url.find("://");
      std::size_t start = scheme == std::string::npos ? 0 : url.find('/', scheme + 3);
      if (start != std::string::npos) add(url.substr(start));
    }
  }
  if (root.contains("basePath") && root["basePath"].is_string()) add(root["basePath"].get<std::string>());
  return out;
}

std::string fingerprint(const MockRequest& request) {
  return std::to_string(std::hash<std::string>{}(request.body)) + ":" + std::to_string(request.body.size());
}

}  // namespace

Result<std::pair<std::string, FaultPlan>> parse_fault_override(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return fail(ErrorKind::usage, "invalid --fault \"" + std::string(text) + "\"", {},
                "write OPERATION=latency=50ms,fail-rate=0.5:503 (OPERATION is an operationId or \"GET /path\")");
  }
  FaultPlan plan;
  auto applied = apply_settings(text.substr(eq + 1), plan);
  if (!applied) return std::unexpected(applied.error());
  return std::pair{std::string(text.substr(0, eq)), plan};
}

Result<std::unique_ptr<MockService>> MockService::create(openapi::Document doc, MockOptions options) {
  auto view = openapi::build_view(doc);
  if (!view) return std::unexpected(view.error());
  std::unique_ptr<MockService> service(new MockService(std::move(doc), std::move(*view), std::move(options)));
  for (std::size_t i = 0; i < service->view_.operations.size(); ++i) {
    const auto& op = service->view_.operations[i];
    service->router_.add(op.method, op.path, i);
    FaultPlan plan = service->options_.faults;
    if (auto ok = apply_extension(service->doc_, op.node, plan); !ok) return std::unexpected(ok.error());
    for (const auto& [name, override_plan] : service->options_.fault_overrides) {
      if (name == op.operation_id || name == op.name()) plan = override_plan;
    }
    service->plans_.push_back(plan);
  }
  service->base_paths_ = base_paths(service->doc_);
  service->validator_ = std::make_unique<RequestValidator>(service->doc_);
  if (service->options_.stateful || !service->options_.state_file.empty()) {
    auto store = ResourceStore::open(service->options_.state_file);
    if (!store) return std::unexpected(store.error());
    service->resources_ = std::move(*store);
  }
  for (const auto& [name, unused] : service->options_.fault_overrides) {
    bool known = false;
    for (const auto& op : service->view_.operations) known = known || name == op.operation_id || name == op.name();
    if (!known) return fail(ErrorKind::usage, "--fault names no operation of the description", name);
  }
  return service;
}

MockService::MockService(openapi::Document doc, openapi::View view, MockOptions options)
    : doc_(std::move(doc)), view_(std::move(view)), options_(std::move(options)), store_(options_.idempotency),
      random_(options_.seed ? options_.seed : std::random_device{}()) {
  if (!options_.clock) options_.clock = system_clock();
  if (options_.faults.rate_limit.per_second > 0) {
    double rate = options_.faults.rate_limit.per_second;
    bucket_ = std::make_unique<TokenBucket>(rate, std::max(1.0, rate), *options_.clock);
  }
}

const FaultPlan& MockService::plan_for(std::size_t operation) const { return plans_.at(operation); }

MockResponse MockService::handle(const MockRequest& request) {
  // The mock's own endpoint: how many requests acted, so idempotency probes can count side effects.
  if (request.method == "GET" && request.target.substr(0, request.target.find('?')) == "/__sonde/created") {
    MockResponse count;
    count.headers.emplace_back("Content-Type", "application/json");
    count.body = "{\"created\": " + std::to_string(created_.load()) + "}\n";
    return count;
  }
  if (auto bad = check_target(request)) return *bad;
  RouteMatch route = router_.match(request.method, request.target);
  // Clients may call the mock with the servers' base path (/v2/orders) or without it (/orders).
  for (const auto& prefix : base_paths_) {
    if (route.kind == RouteMatch::Kind::found) break;
    if (request.target.starts_with(prefix) &&
        (request.target.size() == prefix.size() || request.target[prefix.size()] == '/' ||
         request.target[prefix.size()] == '?')) {
      RouteMatch stripped = router_.match(request.method, request.target.substr(prefix.size()));
      if (stripped.kind != RouteMatch::Kind::not_found) route = stripped;
    }
  }
  if (route.kind == RouteMatch::Kind::not_found) {
    return problem_response(404, "Not Found", "no operation of the description matches " +
                                                  request.target.substr(0, request.target.find('?')));
  }
  if (route.kind == RouteMatch::Kind::method_not_allowed) {
    std::string allow;
    for (const auto& m : route.allowed) allow += (allow.empty() ? "" : ", ") + m;
    MockResponse response = problem_response(405, "Method Not Allowed",
                                             request.method + " is not documented for " + route.path_template);
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  const openapi::Operation& op = view_.operations.at(route.operation);
  MockResponse response;
  if (Clock::duration wait{}; bucket_ && !bucket_->try_take(wait)) {
    long seconds = std::max<long>(1, static_cast<long>(std::ceil(std::chrono::duration<double>(wait).count())));
    response = problem_response(429, "Too Many Requests", "rate limit exceeded");
    response.headers.emplace_back("Retry-After", std::to_string(seconds));
    response.headers.emplace_back("RateLimit-Limit", std::to_string(static_cast<long>(bucket_->burst())));
    response.headers.emplace_back("RateLimit-Remaining", "0");
    response.headers.emplace_back("RateLimit-Reset", std::to_string(seconds));
    response.fault = "rate-limit";
  } else {
    FaultDecision decision;
    {
      std::lock_guard lock(random_mutex_);
      decision = draw(plan_for(route.operation), random_);
    }
    response = answer(op, request, route, decision);
    if (decision.delay.count() > 0) {
      response.delay = decision.delay;
      response.fault += (response.fault.empty() ? "" : ", ") + std::string("latency ") +
                        std::to_string(decision.delay.count()) + "ms";
    }
    if (decision.reset) {
      response.reset = true;
      response.fault += (response.fault.empty() ? "" : ", ") + std::string("reset");
    }
  }
  response.operation = op.name();
  return response;
}

MockResponse MockService::answer(const openapi::Operation& op, const MockRequest& request, const RouteMatch& route,
                                 const FaultDecision& decision) {
  auto serve_latency = [&] {
    if (decision.delay.count() > 0) options_.clock->sleep_for(decision.delay);
  };
  if (auto refused = check_security(doc_, op, request)) {
    serve_latency();
    return *refused;
  }
  if (auto invalid = options_.validate_requests ? validator_->validate(op, request, route.params) : std::nullopt) {
    serve_latency();
    return *invalid;
  }
  auto key = header_value(request.headers, "Idempotency-Key");
  bool keyed = key && (op.method == "POST" || op.method == "PATCH");
  const std::string scope = op.name();
  if (keyed) {
    // The key is taken before the latency is served, so a duplicate that arrives meanwhile finds
    // the first request in flight.
    Admission admission = store_.begin(scope, *key, fingerprint(request));
    switch (admission.kind) {
      case Admission::Kind::replay: {
        serve_latency();
        MockResponse replay;
        replay.status = admission.stored->status;
        replay.headers = admission.stored->headers;
        replay.headers.emplace_back("Idempotent-Replayed", "true");
        replay.body = admission.stored->body;
        return replay;
      }
      case Admission::Kind::conflict_in_flight:
        return problem_response(409, "Conflict", "a request with this Idempotency-Key is still being processed");
      case Admission::Kind::mismatch:
        return problem_response(422, "Unprocessable Content",
                                "this Idempotency-Key was used with a different request body");
      case Admission::Kind::proceed: break;
    }
  }
  serve_latency();
  if (decision.fail_status) {
    if (keyed) store_.abandon(scope, *key);  // nothing happened: a retry with the key may proceed
    MockResponse failed = problem_response(*decision.fail_status, reason_phrase(*decision.fail_status), "injected failure");
    // Servers that throttle or shed load say when to come back (RFC 9110 section 10.2.3).
    if (*decision.fail_status == 429 || *decision.fail_status == 503) failed.headers.emplace_back("Retry-After", "1");
    failed.fault = "fail " + std::to_string(*decision.fail_status);
    return failed;
  }
  Preferences prefer = parse_prefer(header_value(request.headers, "Prefer"));
  if (prefer.example.empty() && !prefer.dynamic) {  // the example the request's content names
    if (auto name = example_by_content(doc_, op, request, route.params, example_names(op, prefer))) prefer.example = *name;
  }
  MockResponse response = pick_response(doc_, op, prefer);
  bool unsafe = op.method == "POST" || op.method == "PUT" || op.method == "PATCH" || op.method == "DELETE";
  bool from_state = false;
  if (resources_ && response.status >= 200 && response.status < 300) {
    // State answers what it knows (and 404 for what is gone); the documented answer otherwise.
    if (auto place = resource_place(route.path_template, route.params)) {
      if (auto stateful = resources_->answer(op.method, *place, request.body, response)) {
        response = std::move(*stateful);
        from_state = true;
        // A resource that is not there: the operation's own 404 when it documents one (its body
        // as described), else the store's problem+json.
        const bool documents_404 = std::any_of(op.responses.begin(), op.responses.end(),
                                               [](const openapi::Response& r) { return r.code == "404"; });
        if (response.status == 404 && documents_404) {
          Preferences not_found;
          not_found.code = 404;
          response = pick_response(doc_, op, not_found);
        }
      }
    }
  }
  if (from_state && unsafe && response.status >= 200 && response.status < 300) {
    ++created_;
  } else if (unsafe && response.status >= 200 && response.status < 300) {
    long n = ++created_;
    // Each creation gets its own Location, as a real server's would, so a duplicate that acted
    // again is visible to a client comparing responses.
    for (auto& [name, value] : response.headers) {
      if (op.method != "POST" || name != "Location") continue;
      auto slash = value.find_last_of('/');
      value = (slash == std::string::npos ? value + "/" : value.substr(0, slash + 1)) + std::to_string(n);
    }
  }
  if (keyed) store_.complete(scope, *key, {response.status, response.headers, response.body});
  return response;
}

}  // namespace sonde::mock
