#include <sstream>

#include "cli/replay_render.hpp"
#include "core/replay/curl_printer.hpp"

namespace sonde::cli {

using replay::format_duration;

std::string timeline_header(const replay::Request& request, const Redactor& redactor, const Style& style) {
  std::string line = style.bold(request.method + " " + redactor.shown_url(request.url)) + style.dim("  (" + request.name + ", " + request.origin + ")");
  if (auto key = replay::header_value(request.headers, "Idempotency-Key")) {
    line += "  Idempotency-Key: " + redactor.shown("Idempotency-Key", *key);
  }
  return line + "\n";
}

std::string request_head_text(const replay::Request& request, const Redactor& redactor, const Style& style) {
  std::string out;
  for (const auto& h : request.headers) out += style.dim("  > " + h.name + ": " + redactor.shown(h.name, h.value)) + "\n";
  if (!request.body.empty()) out += style.dim("  > (" + std::to_string(request.body.size()) + " bytes of body)") + "\n";
  return out;
}

std::string timeline_line(int number, const replay::Attempt& attempt, const Style& style) {
  std::ostringstream out;
  std::string outcome = attempt.status ? std::to_string(*attempt.status) : "no response";
  if (attempt.status && *attempt.status < 400) outcome = style.green(outcome);
  else outcome = style.red(outcome);
  out << "  #" << number << "  +" << format_duration(attempt.started) << "  " << outcome << " (" << format_duration(attempt.elapsed) << ")";
  std::string reason = attempt.reason;
  if (attempt.status && reason == std::to_string(*attempt.status)) reason.clear();
  if (!reason.empty()) out << "  " << reason;
  if (attempt.delay.count() > 0) out << style.yellow("; waiting " + format_duration(attempt.delay));
  return out.str() + "\n";
}

std::string response_text(const replay::Response& response, bool include, const Redactor& redactor) {
  std::string out;
  if (include) {
    out += response.status_line + "\n";
    for (const auto& h : response.headers) out += h.name + ": " + redactor.shown(h.name, h.value) + "\n";
    out += "\n";
  }
  out += response.body;
  return out;
}

std::string dry_run_text(const replay::Request& request, const replay::RetryPolicy& policy,
                         const Redactor& redactor) {
  std::ostringstream out;
  out << "# " << request.name << " (" << request.origin << ")\n";
  out << request.method << " " << redactor.shown_url(request.url) << "\n";
  for (const auto& h : request.headers) out << h.name << ": " << redactor.shown(h.name, h.value) << "\n";
  // Headers libcurl adds from the source's options (curl -u, -A, -b, --compressed...).
  if (auto options = replay::transport_options(request.transport, redactor); !options.empty()) {
    out << "# as curl options:" << options << "\n";
  }
  if (!request.body.empty()) out << "\n" << request.body << (request.body.ends_with("\n") ? "" : "\n");
  const bool keyed = replay::header_value(request.headers, "Idempotency-Key").has_value();
  out << "# plan: up to " << policy.retries + 1 << " attempts; retried on connection refused/reset, connect "
      << "timeout, attempt timeout, 408 429 500 502 503 504" << (keyed ? " and 409 (key in flight)" : "") << "\n";
  if (!replay::idempotent_method(request.method)) {
    out << "# " << request.method
        << (keyed || policy.force_retry ? " is retried (" + std::string(keyed ? "Idempotency-Key" : "--force-retry") + ")"
                                        : " is retried only when the request never left (no Idempotency-Key)")
        << "\n";
  }
  out << "# backoff: " << replay::jitter_name(policy.jitter) << " jitter, base " << format_duration(policy.error_base)
      << " (" << format_duration(policy.throttle_base) << " on 429), cap " << format_duration(policy.cap)
      << "; Retry-After/RateLimit honoured when longer; " << format_duration(policy.attempt_timeout)
      << " per attempt, deadline " << format_duration(policy.deadline) << "\n";
  return out.str();
}

std::string probe_text(const replay::ProbeReport& report, const Style& style) {
  auto paint = [&](replay::Verdict v) {
    std::string name(replay::verdict_name(v));
    switch (v) {
      case replay::Verdict::pass: return style.green(name);
      case replay::Verdict::warn: return style.yellow(name);
      case replay::Verdict::fail: return style.red(name);
      case replay::Verdict::inconclusive: break;
    }
    return style.dim(name);
  };
  std::ostringstream out;
  int n = 0;
  for (const auto& step : report.steps) {
    out << ++n << ". " << step.name << ": " << paint(step.verdict) << "\n   " << step.evidence << "\n";
  }
  out << "verdict: " << paint(report.verdict) << "\n";
  return out.str();
}

}  // namespace sonde::cli
