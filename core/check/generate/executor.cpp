#include "core/check/generate/executor.hpp"

#include <algorithm>

namespace sonde::check::generate {

namespace {

std::map<std::string, std::string> path_values(const Case& c) {
  std::map<std::string, std::string> out;
  const auto& params = c.op->parameters;
  for (std::size_t i = 0; i < params.size() && i < c.values.params.size(); ++i) {
    if (params[i].in != "path" || !c.values.params[i]) continue;
    const auto& v = *c.values.params[i];
    std::string text;
    if (v.is_array()) {
      for (const auto& item : v) text += (text.empty() ? "" : ",") + scalar_text(item);
    } else {
      text = scalar_text(v);
    }
    out[params[i].name] = text;
  }
  return out;
}

HeaderPairs header_pairs(const std::vector<std::string>& lines) {
  HeaderPairs out;
  for (const auto& line : lines) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    out.emplace_back(line.substr(0, colon), value);
  }
  return out;
}

}  // namespace

bool Executor::confirmed(const Case& c, const LiveRequest& request) {
  // Header values come from the description's examples and from patterns such as "\\s+": a CR,
  // LF or NUL in one would split or cut the header on the wire, so such a case is never sent.
  for (const auto& h : request.headers) {
    if (h.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return false;
  }
  if (c.intent == Intent::unsupported_method) return true;
  auto path = path_values(c);
  // An empty path segment addresses another route ("/orders/" is not "/orders/{id}"), whatever
  // the parameter's schema allows.
  for (const auto& p : c.op->parameters) {
    if (p.in != "path") continue;
    auto it = path.find(p.name);
    if (it == path.end() || it->second.empty()) return false;
  }
  SentRequest sent{request.method, request.url, header_pairs(request.headers), request.body};
  auto violations = requests_.check(*c.op, sent, path);
  // Credentials are the run's (-H, --auth-login) and some cases leave them out on purpose
  // (ignored-auth): a case is judged on what it generated.
  std::erase_if(violations, [](const RequestViolation& v) { return v.kind == request_kind::security; });
  switch (c.intent) {
    case Intent::negative:
      return !violations.empty();
    case Intent::missing_header:
      return std::any_of(violations.begin(), violations.end(),
                         [](const RequestViolation& v) { return v.kind == request_kind::missing; });
    default:
      return violations.empty();
  }
}

Outcome Executor::run(LiveClient& client, const Case& c, const LiveRequest& request) {
  Outcome out;
  out.request = request;
  // Cases are serialised before they are sent: the token they carry may have been refreshed since.
  auto line = std::find_if(out.request.headers.begin(), out.request.headers.end(),
                           [](const std::string& h) { return h.starts_with("Authorization: Bearer "); });
  bool bearer = target_.login && !c.without_auth && line != out.request.headers.end();
  if (bearer) *line = bearer_line(target_.login->current());
  auto exchange = client.send(out.request);
  // A token that expired during the run: log in again (once for every worker) and resend.
  if (bearer && exchange && exchange->status == 401) {
    if (auto fresh = target_.login->refresh(line->substr(22)); fresh && bearer_line(*fresh) != *line) {
      *line = bearer_line(*fresh);
      exchange = client.send(out.request);
    }
  }
  if (!exchange) {
    out.error = exchange.error();
    return out;
  }
  out.body = std::string(exchange->body.view());
  out.response = *exchange;
  std::optional<ExchangeResult> contract;
  if (c.intent != Intent::unsupported_method) {
    std::lock_guard lock(checker_mutex_);
    if (const Operation* op = checker_.index().find(c.op->name())) {
      if (auto r = checker_.check(*exchange, *op)) contract = std::move(*r);
    }
  }
  out.verdicts = judge(c, *out.response, contract ? &*contract : nullptr, checks_);
  return out;
}

}  // namespace sonde::check::generate
