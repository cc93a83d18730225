#include "core/replay/curl_options.hpp"

#include <algorithm>
#include <array>

#include "core/replay/curl_data.hpp"
#include "core/replay/curl_form.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::replay {

namespace {

using Handler = Result<void> (*)(CurlState&, const CurlArg&);

struct Effect {
  std::string_view name;
  Handler handle;
};

Result<void> ok() { return {}; }

Result<void> add_header(CurlState& s, const CurlArg& a) {
  const std::string& v = a.value;
  auto colon = v.find(':');
  if (colon == std::string::npos) {
    // "Name;" sends a header with an empty value in curl.
    if (v.ends_with(";")) {
      s.headers.push_back({v.substr(0, v.size() - 1), ""});
      return ok();
    }
    // Only the first word is quoted: "Authorization Bearer <token>" must not print the token.
    return fail(ErrorKind::invalid_input, std::string(a.shown) + " '" + v.substr(0, v.find(' ')) + " …' has no ':'",
                a.where);
  }
  std::string name = v.substr(0, colon);
  std::string value(trim(std::string_view(v).substr(colon + 1)));
  // "Name:" with nothing after it removes a header curl would add itself.
  if (value.empty()) s.removed.insert(ascii_lower(name));
  else s.headers.push_back({name, value});
  return ok();
}

Result<void> add_data(CurlState& s, const CurlArg& a, bool at_files, bool strip) {
  auto piece = curl_data_arg(s, a.value, at_files, strip, a.shown, a.where);
  if (!piece) return std::unexpected(piece.error());
  s.data.push_back(std::move(*piece));
  s.has_data = true;
  return ok();
}

Result<void> add_form(CurlState& s, const CurlArg& a, bool literal) {
  auto part = parse_curl_form(s, a.value, literal, a.shown, a.where);
  if (!part) return std::unexpected(part.error());
  s.form.push_back(std::move(*part));
  return ok();
}

Result<void> set_auth_method(CurlState& s, const CurlArg& a, Transport::Auth auth) {
  if (!a.negated) s.transport.auth = auth;
  else if (s.transport.auth == auth) s.transport.auth = Transport::Auth::none;
  return ok();
}

Result<void> add_cookie(CurlState& s, const CurlArg& a) {
  // curl's rule: an argument with '=' is cookie data, anything else names a cookie file.
  if (a.value.find('=') != std::string::npos) {
    s.transport.cookie += (s.transport.cookie.empty() ? "" : "; ") + a.value;
  } else {
    s.transport.cookie_files.push_back(a.value);
  }
  return ok();
}

// The table, sorted by name: every option that shapes what is sent.
constexpr auto k_effects = std::to_array<Effect>({
    {"basic", [](CurlState& s, const CurlArg& a) { return set_auth_method(s, a, Transport::Auth::basic); }},
    {"cacert", [](CurlState& s, const CurlArg& a) { s.transport.ca_file = a.value; return ok(); }},
    {"cert", [](CurlState& s, const CurlArg& a) { s.transport.client_cert = a.value; return ok(); }},
    {"compressed", [](CurlState& s, const CurlArg& a) { s.transport.decode_compressed = !a.negated; return ok(); }},
    {"cookie", add_cookie},
    {"cookie-jar", [](CurlState& s, const CurlArg& a) { s.transport.cookie_jar = a.value; return ok(); }},
    {"data", [](CurlState& s, const CurlArg& a) { return add_data(s, a, true, true); }},
    {"data-ascii", [](CurlState& s, const CurlArg& a) { return add_data(s, a, true, true); }},
    {"data-binary", [](CurlState& s, const CurlArg& a) { return add_data(s, a, true, false); }},
    {"data-raw", [](CurlState& s, const CurlArg& a) { return add_data(s, a, false, false); }},
    {"data-urlencode",
     [](CurlState& s, const CurlArg& a) -> Result<void> {
       auto piece = curl_urlencode_arg(s, a.value, false, a.shown, a.where);
       if (!piece) return std::unexpected(piece.error());
       if (*piece) s.data.push_back(std::move(**piece));
       s.has_data = true;
       return ok();
     }},
    {"digest", [](CurlState& s, const CurlArg& a) { return set_auth_method(s, a, Transport::Auth::digest); }},
    {"form", [](CurlState& s, const CurlArg& a) { return add_form(s, a, false); }},
    {"form-string", [](CurlState& s, const CurlArg& a) { return add_form(s, a, true); }},
    {"get", [](CurlState& s, const CurlArg& a) { s.get = !a.negated; return ok(); }},
    {"head", [](CurlState& s, const CurlArg& a) { s.head = !a.negated; return ok(); }},
    {"header", add_header},
    // On http:// URLs --http2 asks for an h2c upgrade (Upgrade and HTTP2-Settings headers).
    {"http1.0", [](CurlState& s, const CurlArg&) { s.transport.http_version = "1.0"; return ok(); }},
    {"http1.1", [](CurlState& s, const CurlArg&) { s.transport.http_version = "1.1"; return ok(); }},
    {"http2", [](CurlState& s, const CurlArg&) { s.transport.http_version = "2"; return ok(); }},
    {"insecure", [](CurlState& s, const CurlArg& a) { s.transport.insecure = !a.negated; return ok(); }},
    {"json",
     [](CurlState& s, const CurlArg& a) {
       s.json = true;
       return add_data(s, a, true, false);
     }},
    {"key", [](CurlState& s, const CurlArg& a) { s.transport.client_key = a.value; return ok(); }},
    {"location", [](CurlState& s, const CurlArg& a) { s.transport.follow_redirects = !a.negated; return ok(); }},
    {"location-trusted", [](CurlState& s, const CurlArg& a) {
       s.transport.follow_redirects = s.transport.location_trusted = !a.negated;
       return ok();
     }},
    {"ntlm", [](CurlState& s, const CurlArg& a) { return set_auth_method(s, a, Transport::Auth::ntlm); }},
    {"oauth2-bearer", [](CurlState& s, const CurlArg& a) { s.bearer = a.value; return ok(); }},
    {"proxy", [](CurlState& s, const CurlArg& a) { s.transport.proxy = a.value; return ok(); }},
    {"proxy-user", [](CurlState& s, const CurlArg& a) { s.transport.proxy_credentials = a.value; return ok(); }},
    {"range",
     [](CurlState& s, const CurlArg& a) {
       // curl sends "600" as an open range, "bytes=600-".
       s.transport.range = a.value.find('-') == std::string::npos ? a.value + "-" : a.value;
       return ok();
     }},
    {"referer",
     [](CurlState& s, const CurlArg& a) {
       // ";auto" asks curl to set the Referer on redirects as well; the first request is the same.
       std::string v = a.value;
       if (v.ends_with(";auto")) v.resize(v.size() - 5);
       s.transport.referer = v;
       return ok();
     }},
    {"request", [](CurlState& s, const CurlArg& a) { s.method = a.value; return ok(); }},
    {"upload-file", [](CurlState& s, const CurlArg& a) { s.uploads.push_back(a.value); return ok(); }},
    {"url", [](CurlState& s, const CurlArg& a) { s.targets.push_back({a.value, {}}); return ok(); }},
    {"url-query",
     [](CurlState& s, const CurlArg& a) -> Result<void> {
       // A leading '+' sends the rest as written; otherwise --data-urlencode's syntax.
       if (a.value.starts_with("+")) {
         s.url_query.push_back(a.value.substr(1));
         return ok();
       }
       auto piece = curl_urlencode_arg(s, a.value, true, a.shown, a.where);
       if (!piece) return std::unexpected(piece.error());
       if (*piece) s.url_query.push_back(std::move(**piece));
       return ok();
     }},
    {"user", [](CurlState& s, const CurlArg& a) { s.user = a.value; return ok(); }},
    {"user-agent", [](CurlState& s, const CurlArg& a) { s.transport.user_agent = a.value; return ok(); }},
});

// Options that change what curl prints, how long it waits, how it retries or which protocol
// version it negotiates, but not the request sonde replays. Accepted, named in one note.
constexpr auto k_ignored = std::to_array<std::string_view>({
    "alt-svc", "buffer", "capath", "cert-type", "ciphers", "compressed-ssh", "connect-timeout",
    "create-dirs", "create-file-mode", "disable", "dns-ipv4-addr", "dns-ipv6-addr", "dns-servers",
    "dump-header", "etag-compare", "etag-save", "expect100-timeout", "fail", "fail-early", "fail-with-body",
    "false-start", "globoff", "happy-eyeballs-timeout-ms", "hsts", "http0.9",
    "http2-prior-knowledge", "http3", "http3-only", "include", "ipv4", "ipv6", "keepalive-time", "key-type",
    "libcurl", "limit-rate", "max-filesize", "max-redirs", "max-time", "no-buffer", "no-progress-meter",
    "no-sessionid", "output", "output-dir", "parallel", "parallel-immediate", "parallel-max", "progress-bar",
    "proxy-insecure", "remote-header-name", "remote-name", "remote-name-all", "remote-time", "retry",
    "retry-all-errors", "retry-connrefused", "retry-delay", "retry-max-time", "show-error", "silent",
    "speed-limit", "speed-time", "stderr", "styled-output", "tcp-fastopen", "tcp-nodelay", "trace",
    "trace-ascii",
    "trace-time", "verbose", "write-out", "xattr", "tlsv1", "tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3",
    "tls-max", "sslv2", "sslv3", "ssl-no-revoke", "noproxy", "no-alpn", "no-npn",
    "no-keepalive", "junk-session-cookies",
});

bool ignored(std::string_view name) {
  return std::ranges::find(k_ignored, name) != k_ignored.end();
}

}  // namespace

Result<void> apply_curl_option(CurlState& s, const CurlOptionName& option, const CurlArg& arg) {
  auto it = std::ranges::find_if(k_effects, [&](const Effect& e) { return e.name == option.name; });
  if (it != k_effects.end()) return it->handle(s, arg);
  if (ignored(option.name)) {
    s.ignored.push_back(std::string(arg.shown));
    return ok();
  }
  return fail(ErrorKind::invalid_input, "unsupported curl option '" + std::string(arg.shown) + "'", arg.where,
              "sonde replays what reaches the server; this option changes something it cannot reproduce");
}

}  // namespace sonde::replay
