#include "core/replay/curl_printer.hpp"

#include "core/util/shell_quote.hpp"

namespace sonde::replay {

std::string to_curl_command(const Request& request, const Redactor& redactor) {
  std::string out = "curl";
  bool head = iequals(request.method, "HEAD");
  if (head) {
    out += " --head";
  } else if (!(iequals(request.method, "GET") && request.body.empty()) &&
             !(iequals(request.method, "POST") && !request.body.empty())) {
    out += " -X " + shell_quote(request.method);
  }
  for (const auto& h : request.headers) {
    std::string value = redactor.shown(h.name, h.value);
    out += " -H " + shell_quote(value.empty() ? h.name + ";" : h.name + ": " + value);
  }
  if (!request.body.empty()) out += " --data-raw " + shell_quote(request.body);
  out += " " + shell_quote(redactor.shown_url(request.url));
  return out;
}

}  // namespace sonde::replay
