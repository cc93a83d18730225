#include "core/flow/http_call.hpp"

#include <algorithm>
#include <optional>

#include "core/net/curl_error.hpp"
#include "core/net/libcurl_loader.hpp"
#include "core/timing/hop_plan.hpp"
#include "core/timing/target.hpp"
#include "core/util/file_read.hpp"
#include "core/util/header_field.hpp"
#include "core/util/redaction.hpp"

namespace sonde::flow {

namespace {

struct Received {
  int status = 0;
  HeaderList headers;
  std::string body;
  bool too_large = false;  ///< the body passed net::k_max_kept_body and the transfer was stopped
};

// An endless body would otherwise grow until --max-time (gigabytes at loopback speed).
std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Received*>(user);
  if (r->body.size() + size * n > net::k_max_kept_body) {
    r->too_large = true;
    return 0;  // libcurl stops the transfer (CURLE_WRITE_ERROR)
  }
  r->body.append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Received*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    r->headers.clear();  // an interim 1xx response starts over
    r->headers.reserve(16);  // a typical answer has 5 to 15 fields: no regrowth
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    r->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * n;
}

std::int64_t info_us(CURL* h, CURLINFO what) {
  curl_off_t v = 0;
  curl_easy_getinfo(h, what, &v);
  return static_cast<std::int64_t>(v);
}

std::string version_name(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0: return "HTTP/1.0";
    case CURL_HTTP_VERSION_1_1: return "HTTP/1.1";
    case CURL_HTTP_VERSION_2_0: return "HTTP/2";
    case CURL_HTTP_VERSION_3: return "HTTP/3";
    default: return "HTTP";
  }
}

// The request's header lines for CURLOPT_HTTPHEADER, into `out`. No "Expect: 100-continue" wait,
// and no Content-Type that the file did not ask for. Not with aws-sigv4: libcurl signs every header
// line, these removals included, and the server would then check a signature over headers that
// were never sent.
Result<void> header_list(const OutgoingRequest& request, bool signing, net::Slist& out) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : request.headers) {
    if (auto ok = check_header_field(name, value, ErrorKind::invalid_input, request.url); !ok) return ok;
    lines.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!signing) lines.emplace_back("Expect:");
  if (!signing && request.has_body && std::none_of(request.headers.begin(), request.headers.end(), [](const auto& hv) {
        return iequals_ascii(hv.first, "Content-Type");
      })) {
    lines.emplace_back("Content-Type:");
  }
  out = net::make_slist(lines);
  return {};
}

void read_certificate(CURL* h, std::map<std::string, std::string>& out) {
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &info) != CURLE_OK || !info || info->num_of_certs < 1) return;
  for (curl_slist* f = info->certinfo[0]; f; f = f->next) {
    std::string field(f->data);
    auto colon = field.find(':');
    if (colon == std::string::npos) continue;
    std::string name = field.substr(0, colon), value = field.substr(colon + 1);
    if (name == "Subject") out["Subject"] = value;
    else if (name == "Issuer") out["Issuer"] = value;
    else if (name == "Start date") out["Start-Date"] = value;
    else if (name == "Expire date") out["Expire-Date"] = value;
    else if (name == "Serial Number") out["Serial-Number"] = value;
  }
}

}  // namespace

void set_certificate(CallOptions& options, std::string_view value) {
  std::string file;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && (value[i + 1] == ':' || value[i + 1] == '\\')) {
      file += value[++i];
    } else if (value[i] == ':') {
      options.cert = std::move(file);
      options.cert_password = std::string(value.substr(i + 1));
      return;
    } else {
      file += value[i];
    }
  }
  options.cert = std::move(file);
  options.cert_password.clear();
}

HttpSession::HttpSession() : handle_(net::make_easy()) {
  CURL* h = handle_.get();
  // An empty cookie file turns on libcurl's cookie engine: Set-Cookie carries to later entries.
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer_);
  // What every request of the session shares, set once (a string option is copied and parsed by
  // libcurl each time it is set: per request, that was measurable on a 1,000-entry file).
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // sonde follows redirects itself, hop by hop
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "sonde-test");
  curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
}

void HttpSession::apply(const CallOptions& o, std::vector<net::Slist>& lists) {
  CURL* h = handle_.get();
  auto text = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, o.insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, o.insecure ? 0L : 2L);
  curl_easy_setopt(h, CURLOPT_CAINFO, text(o.cacert));  // nullptr: the built-in bundle again
  curl_easy_setopt(h, CURLOPT_SSLCERT, text(o.cert));
  curl_easy_setopt(h, CURLOPT_SSLKEY, text(o.key));
  curl_easy_setopt(h, CURLOPT_KEYPASSWD, text(o.cert_password));
  curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, text(o.pinned_public_key));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  long version = CURL_HTTP_VERSION_NONE;
  if (o.http_version == HttpVersion::http1_0) version = CURL_HTTP_VERSION_1_0;
  if (o.http_version == HttpVersion::http1_1) version = CURL_HTTP_VERSION_1_1;
  if (o.http_version == HttpVersion::http2) version = CURL_HTTP_VERSION_2_0;
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, version);
  curl_easy_setopt(h, CURLOPT_IPRESOLVE, o.ip_version == 4   ? CURL_IPRESOLVE_V4
                                         : o.ip_version == 6 ? CURL_IPRESOLVE_V6
                                                             : CURL_IPRESOLVE_WHATEVER);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, o.compressed ? "" : nullptr);  // "": every encoding libcurl decodes
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS, o.path_as_is ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(o.limit_rate));
  curl_easy_setopt(h, CURLOPT_PROXY, text(o.proxy));  // nullptr: the environment's *_proxy, as curl
  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, text(o.unix_socket));
  curl_easy_setopt(h, CURLOPT_USERPWD, text(o.user));
  // Setting AWS_SIGV4 switches the handle's auth scheme to it; clearing the string does not switch
  // back, so the scheme is set either way.
  if (o.aws_sigv4.empty()) curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
  else curl_easy_setopt(h, CURLOPT_AWS_SIGV4, o.aws_sigv4.c_str());
  const Netrc netrc = o.netrc_file.empty() ? o.netrc : o.netrc == Netrc::optional ? Netrc::optional : Netrc::required;
  curl_easy_setopt(h, CURLOPT_NETRC, netrc == Netrc::required   ? static_cast<long>(CURL_NETRC_REQUIRED)
                                     : netrc == Netrc::optional ? static_cast<long>(CURL_NETRC_OPTIONAL)
                                                                : static_cast<long>(CURL_NETRC_IGNORED));
  curl_easy_setopt(h, CURLOPT_NETRC_FILE, text(o.netrc_file));
  // libcurl keeps `resolve` entries in the handle's DNS cache: the next entry of the file that does
  // not repeat them has them removed ("-HOST:PORT"), so an entry's option stays its own.
  std::vector<std::string> resolve = o.resolve, now;
  for (const auto& r : o.resolve) {
    auto second = r.find(':', r.find(':') + 1);
    now.push_back(r.substr(0, second));
  }
  for (const auto& old : resolved_) {
    if (std::find(now.begin(), now.end(), old) == now.end()) resolve.push_back("-" + old);
  }
  resolved_ = std::move(now);
  lists.push_back(net::make_slist(resolve));
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.empty() ? nullptr : lists.back().get());
  lists.push_back(net::make_slist(o.connect_to));
  curl_easy_setopt(h, CURLOPT_CONNECT_TO, o.connect_to.empty() ? nullptr : lists.back().get());
}

Result<void> HttpSession::one_hop(const OutgoingRequest& request, const CallOptions& options,
                                  std::chrono::milliseconds budget, Call& call) {
  CURL* h = handle_.get();
  const bool signing = !options.aws_sigv4.empty();
  net::Slist built;
  curl_slist* headers = nullptr;
  if (request.headers.empty() && !request.has_body && !signing) {
    if (!expect_only_) expect_only_ = net::make_slist({"Expect:"});
    headers = expect_only_.get();
  } else {
    if (auto ok = header_list(request, signing, built); !ok) return ok;
    headers = built.get();
  }
  Received received;
  error_buffer_[0] = '\0';
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(h, CURLOPT_COOKIE, request.cookies.empty() ? nullptr : request.cookies.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, budget.count())));
  if (!applied_ || !(*applied_ == options)) {
    std::vector<net::Slist> lists;
    apply(options, lists);
    applied_lists_ = std::move(lists);  // after apply: the handle no longer points to the old ones
    applied_ = options;
  }
  const bool head = request.method == "HEAD";
  curl_easy_setopt(h, CURLOPT_NOBODY, head ? 1L : 0L);
  if (request.has_body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  } else if (!head) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
  const bool implied = head || request.method == (request.has_body ? "POST" : "GET");
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, implied ? nullptr : request.method.c_str());

  CURLcode code = curl_easy_perform(h);
  if (received.too_large) {
    return fail(ErrorKind::runtime, net::body_limit_message(net::k_max_kept_body), Redactor().shown_url(request.url));
  }
  if (code != CURLE_OK) {
    auto failure = net::classify_transfer_error(code, h, error_buffer_);
    return std::unexpected(net::to_error(failure, Redactor().shown_url(request.url)));
  }
  long status = 0, version = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  char* ip = nullptr;
  curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
  timing::RawTimes raw;
  raw.curl_namelookup_us = info_us(h, CURLINFO_NAMELOOKUP_TIME_T);
  raw.curl_connect_us = info_us(h, CURLINFO_CONNECT_TIME_T);
  raw.curl_appconnect_us = info_us(h, CURLINFO_APPCONNECT_TIME_T);
  raw.curl_pretransfer_us = info_us(h, CURLINFO_PRETRANSFER_TIME_T);
  raw.curl_starttransfer_us = info_us(h, CURLINFO_STARTTRANSFER_TIME_T);
  raw.curl_total_us = info_us(h, CURLINFO_TOTAL_TIME_T);
  raw.dns_us = 0;
  const timing::Phases phases = timing::to_phases(raw);
  call.phases = call.redirects.empty() && call.status == 0 ? phases : timing::add(call.phases, phases);
  call.status = static_cast<int>(status);
  call.version = version_name(version);
  call.headers = std::move(received.headers);
  call.body = std::move(received.body);
  call.ip = ip ? ip : "";
  call.url = request.url;
  call.request = request;
  call.certificate.clear();
  read_certificate(h, call.certificate);
  return {};
}

Result<Call> HttpSession::send(const OutgoingRequest& request, const CallOptions& options) {
  if (auto loaded = net::load_libcurl(); !loaded) return std::unexpected(loaded.error());
  for (const auto& [path, what] : {std::pair{&options.cacert, "cacert"}, std::pair{&options.cert, "cert"},
                                   std::pair{&options.key, "key"}}) {
    if (auto ok = check_library_file(*path, what); !ok) return std::unexpected(ok.error());
  }
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  Call call;
  // The request and options of the hop being sent: the caller's own until a redirect changes them
  // (most calls follow none, and copying both cost more than the rest of the call's set-up).
  std::optional<OutgoingRequest> changed_request;
  std::optional<CallOptions> changed_options;
  const OutgoingRequest* hop = &request;
  const CallOptions* hop_options = &options;
  static const Redactor policy;
  for (long followed = 0;; ++followed) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return fail(ErrorKind::runtime, "timeout: the request did not finish within " + std::to_string(options.timeout.count()) +
                                          " ms (" + std::to_string(followed) + " redirects followed)",
                  policy.shown_url(hop->url));
    }
    if (auto ok = one_hop(*hop, *hop_options, left, call); !ok) return std::unexpected(ok.error());
    if (!options.follow_location || !timing::is_redirect(call.status) || followed >= options.max_redirs) break;
    char* location = nullptr;
    if (curl_easy_getinfo(handle_.get(), CURLINFO_REDIRECT_URL, &location) != CURLE_OK || !location) break;
    const std::string next = location;
    if (!changed_request) {
      changed_request = request;
      hop = &*changed_request;
    }
    OutgoingRequest& next_hop = *changed_request;
    if (!options.location_trusted && !timing::same_origin(next_hop.url, next)) {
      std::erase_if(next_hop.headers, [&](const auto& hv) {
        if (!policy.is_secret(hv.first)) return false;
        call.withheld.push_back(hv.first);
        return true;
      });
      if (!next_hop.cookies.empty()) {  // [Cookies] stay on their origin too
        next_hop.cookies.clear();
        call.withheld.push_back("Cookie");
      }
      if (!hop_options->user.empty()) {  // and so does `user:` (curl's -u), as curl does
        if (!changed_options) {
          changed_options = options;
          hop_options = &*changed_options;
        }
        changed_options->user.clear();
        changed_options->aws_sigv4.clear();
        call.withheld.push_back("Authorization");
      }
    }
    const std::string method = timing::method_after_redirect(call.status, next_hop.method);
    if (method != next_hop.method) {
      next_hop.has_body = false;
      next_hop.body.clear();
    }
    next_hop.method = method;
    next_hop.url = next;
    call.redirects.push_back(next);
  }
  return call;
}

}  // namespace sonde::flow
