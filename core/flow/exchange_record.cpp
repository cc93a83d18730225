#include "core/flow/exchange_record.hpp"

#include "core/util/body_redaction.hpp"
#include "core/util/header_field.hpp"

namespace sonde::flow {

namespace {

report::Excerpt body_excerpt(const std::string& body, const HeaderList& headers, const Redactor& redactor,
                             const Variables& vars) {
  // Masked before it is cut, so a secret straddling the cut cannot show half of itself.
  std::string shown = shown_body(redactor, first_header(headers, "Content-Type"), body);
  if (!vars.has_secrets()) return report::excerpt(shown);
  return report::excerpt(vars.redact(shown));
}

void add_headers(report::Message& m, const HeaderList& headers, const Redactor& redactor, const Variables& vars) {
  for (const auto& [name, value] : headers) m.headers.emplace_back(name, vars.redact(redactor.shown(name, value)));
}

}  // namespace

report::Exchange record_request(const OutgoingRequest& request, const Redactor& redactor, const Variables& vars) {
  report::Exchange ex;
  ex.request.start_line = request.method + " " + vars.redact(redactor.shown_url(request.url));
  add_headers(ex.request, request.headers, redactor, vars);
  if (!request.cookies.empty()) add_headers(ex.request, {{"Cookie", request.cookies}}, redactor, vars);
  if (request.has_body) ex.request.body = body_excerpt(request.body, request.headers, redactor, vars);
  return ex;
}

report::Exchange record_exchange(const Call& call, const Redactor& redactor, const Variables& vars) {
  report::Exchange ex = record_request(call.request, redactor, vars);
  ex.answered = true;
  ex.response.start_line = (call.version.empty() ? std::string("HTTP") : call.version) + " " + std::to_string(call.status);
  add_headers(ex.response, call.headers, redactor, vars);
  ex.response.body = body_excerpt(call.body, call.headers, redactor, vars);
  ex.phases = call.phases;
  for (const auto& url : call.redirects) ex.redirects.push_back(vars.redact(redactor.shown_url(url)));
  return ex;
}

void redact_exchange(report::Exchange& exchange, const Variables& vars) {
  for (report::Message* m : {&exchange.request, &exchange.response}) {
    m->start_line = vars.redact(m->start_line);
    for (auto& header : m->headers) header.second = vars.redact(header.second);
    m->body.text = vars.redact(m->body.text);
  }
  for (auto& url : exchange.redirects) url = vars.redact(url);
}

}  // namespace sonde::flow
