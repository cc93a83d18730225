#include "core/timing/curl_command.hpp"

#include <cstdio>

#include "core/util/shell_quote.hpp"

namespace sonde::timing {

std::string to_curl_command(const RequestOptions& o, const std::string& data_arg, const Redactor& redactor) {
  std::string cmd = "curl -sS -o /dev/null";
  auto add = [&cmd](const std::string& flag, const std::string& value) { cmd += " " + flag + " " + shell_quote(value); };
  cmd += " -w " + shell_quote(
                      "dns=%{time_namelookup} connect=%{time_connect} tls=%{time_appconnect} "
                      "pretransfer=%{time_pretransfer} first_byte=%{time_starttransfer} total=%{time_total} "
                      "status=%{http_code}\\n");
  if (!o.method.empty()) add("-X", o.method);
  for (const auto& h : o.headers) add("-H", redactor.shown_line(h));
  if (o.body) add("--data-binary", data_arg);
  if (o.http_version == HttpVersion::http1_1) cmd += " --http1.1";
  if (o.http_version == HttpVersion::http2) cmd += " --http2";
  if (o.family == net::Family::ipv4) cmd += " -4";
  if (o.family == net::Family::ipv6) cmd += " -6";
  for (const auto& r : o.resolve) add("--resolve", r);
  for (const auto& c : o.connect_to) add("--connect-to", c);
  if (!o.cacert.empty()) add("--cacert", o.cacert);
  if (!o.cert.empty()) add("--cert", o.cert);
  if (!o.key.empty()) add("--key", o.key);
  if (o.insecure) cmd += " --insecure";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(o.timeout.count()) / 1000.0);
  add("--max-time", seconds);
  if (o.max_redirs > 0) add("-L --max-redirs", std::to_string(o.max_redirs));
  if (o.max_redirs > 0 && o.location_trusted) cmd += " --location-trusted";
  if (!o.proxy.empty()) add("--proxy", o.proxy);
  cmd += " " + shell_quote(redactor.shown_url(o.url));
  return cmd;
}

}  // namespace sonde::timing
