#include "core/replay/curl_printer.hpp"

#include "core/util/shell_quote.hpp"

namespace sonde::replay {

std::string transport_options(const Transport& t, const Redactor& redactor) {
  std::string out;
  auto option = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += " " + std::string(name) + " " + shell_quote(value);
  };
  if (t.auth == Transport::Auth::bearer) {
    option("--oauth2-bearer", redactor.shown("Authorization", t.credentials));
  } else if (t.auth != Transport::Auth::none) {
    auto colon = t.credentials.find(':');
    std::string user = t.credentials.substr(0, colon);
    std::string password = colon == std::string::npos ? "" : t.credentials.substr(colon + 1);
    option("-u", user + ":" + redactor.shown("Authorization", password));
    if (t.auth == Transport::Auth::digest) out += " --digest";
    if (t.auth == Transport::Auth::ntlm) out += " --ntlm";
  }
  if (t.user_agent) out += " -A " + shell_quote(*t.user_agent);
  option("-e", t.referer.empty() ? "" : redactor.shown_url(t.referer));
  if (!t.cookie.empty()) option("-b", redactor.shown("Cookie", t.cookie));
  for (const auto& f : t.cookie_files) option("-b", f);
  option("-c", t.cookie_jar);
  option("-r", t.range);
  if (!t.http_version.empty()) out += " --http" + t.http_version;
  if (t.decode_compressed) out += " --compressed";
  if (t.insecure) out += " -k";
  if (t.follow_redirects) out += t.location_trusted ? " --location-trusted" : " -L";
  option("--cacert", t.ca_file);
  option("--cert", t.client_cert);
  option("--key", t.client_key);
  option("-x", t.proxy.empty() ? "" : redactor.shown_url(t.proxy));  // proxy URLs may hold user:password
  option("-U", t.proxy_credentials.empty() ? "" : redactor.shown("Authorization", t.proxy_credentials));
  return out;
}

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
    // curl computes the body's length itself; printing it is noise.
    if (iequals(h.name, "Content-Length") && h.value == std::to_string(request.body.size())) continue;
    std::string value = redactor.shown(h.name, h.value);
    out += " -H " + shell_quote(value.empty() ? h.name + ";" : h.name + ": " + value);
  }
  out += transport_options(request.transport, redactor);
  if (!request.body.empty()) out += " --data-raw " + shell_quote(request.body);
  out += " " + shell_quote(redactor.shown_url(request.url));
  return out;
}

}  // namespace sonde::replay
