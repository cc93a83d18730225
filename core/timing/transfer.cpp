#include "core/timing/transfer.hpp"

#include <algorithm>

#include "core/timing/target.hpp"
#include "core/util/file_read.hpp"
#include "core/util/header_field.hpp"
#include "sonde/build_info.hpp"

namespace sonde::timing {

namespace {

const std::string k_user_agent = std::string("sonde/") + k_version;

std::int64_t since(const DebugMarks& marks) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - marks.origin)
      .count();
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* marks = static_cast<DebugMarks*>(user);
  switch (type) {
    case CURLINFO_HEADER_OUT:
    case CURLINFO_DATA_OUT:
      // Bytes written after the response began (none for a plain request) do not move "sent".
      if (!marks->first_in_us) {
        auto now = since(*marks);
        if (!marks->first_out_us) marks->first_out_us = now;
        marks->last_out_us = now;
      }
      break;
    case CURLINFO_HEADER_IN:
      // The response's own first header; on HTTP/2 the server's SETTINGS never show up here.
      if (!marks->first_in_us) marks->first_in_us = since(*marks);
      break;
    case CURLINFO_TEXT: {
      const std::string line(data, size);
      apply_tls_text_line(line, marks->tls);
      if (auto attempt = parse_connect_attempt(line)) marks->attempts.push_back(*attempt);
      break;
    }
    default: break;
  }
  return 0;
}

size_t on_body(char*, size_t size, size_t count, void* user) {
  static_cast<DebugMarks*>(user)->body_bytes += static_cast<std::int64_t>(size * count);
  return size * count;
}

template <class T>
void set(CURL* h, CURLoption option, T value) {
  curl_easy_setopt(h, option, value);
}

std::int64_t time_info(CURL* h, CURLINFO info) {
  curl_off_t value = 0;
  curl_easy_getinfo(h, info, &value);
  return static_cast<std::int64_t>(value);
}

std::vector<CertInfo> read_certs(CURL* h) {
  std::vector<CertInfo> certs;
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr) return certs;
  const auto now = std::chrono::system_clock::now();
  for (int i = 0; i < info->num_of_certs; ++i) {
    std::vector<std::string> fields;
    for (curl_slist* f = info->certinfo[i]; f != nullptr; f = f->next) fields.emplace_back(f->data);
    certs.push_back(parse_cert_fields(fields, now));
  }
  return certs;
}

RawTimes read_raw_times(CURL* h, const DebugMarks& marks, std::int64_t dns_us, bool measure_queue) {
  RawTimes raw;
  raw.dns_us = dns_us;
  raw.curl_namelookup_us = time_info(h, CURLINFO_NAMELOOKUP_TIME_T);
  raw.curl_connect_us = time_info(h, CURLINFO_CONNECT_TIME_T);
  raw.curl_appconnect_us = time_info(h, CURLINFO_APPCONNECT_TIME_T);
  raw.curl_pretransfer_us = time_info(h, CURLINFO_PRETRANSFER_TIME_T);
  raw.curl_starttransfer_us = time_info(h, CURLINFO_STARTTRANSFER_TIME_T);
  raw.curl_total_us = time_info(h, CURLINFO_TOTAL_TIME_T);
  // libcurl 7.88's clock for a transfer restarts once it gets a connection; whatever sonde saw
  // before the request went out beyond libcurl's own pretransfer is time spent queued.
  std::int64_t shift = 0;
  if (measure_queue && marks.first_out_us) shift = std::max<std::int64_t>(0, *marks.first_out_us - raw.curl_pretransfer_us);
  raw.queue_us = shift;
  if (marks.last_out_us) raw.request_sent_us = *marks.last_out_us - shift;
  if (marks.first_in_us) raw.first_byte_us = *marks.first_in_us - shift;
  return raw;
}

// Status, protocol version, peer address, reuse and redirect target.
void read_connection(CURL* h, Hop& hop) {
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &hop.status);
  long version = 0;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  hop.http_version = http_version_name(version);
  char* ip = nullptr;
  long port = 0;
  curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
  curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &port);
  std::string address = ip ? ip : "";
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  hop.remote = address + ":" + std::to_string(port);
  long connects = 0;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  hop.reused = connects == 0;
  char* location = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) hop.location = location;
}

void set_request_options(CURL* h, const RequestOptions& o) {
  switch (o.http_version) {
    case HttpVersion::http1_1: set(h, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1}); break;
    case HttpVersion::http2: set(h, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2TLS}); break;
    case HttpVersion::any: break;
  }
  if (o.family == net::Family::ipv4) set(h, CURLOPT_IPRESOLVE, long{CURL_IPRESOLVE_V4});
  if (o.family == net::Family::ipv6) set(h, CURLOPT_IPRESOLVE, long{CURL_IPRESOLVE_V6});
  if (!o.cacert.empty()) set(h, CURLOPT_CAINFO, o.cacert.c_str());
  if (!o.cert.empty()) set(h, CURLOPT_SSLCERT, o.cert.c_str());
  if (!o.key.empty()) set(h, CURLOPT_SSLKEY, o.key.c_str());
  if (o.insecure) {
    set(h, CURLOPT_SSL_VERIFYPEER, 0L);
    set(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!o.proxy.empty()) set(h, CURLOPT_PROXY, o.proxy.c_str());
}

}  // namespace

Transfer::Transfer(net::EasyHandle handle) : handle_(std::move(handle)) {}

Result<void> Transfer::prepare(const RequestOptions& options, const HopPlan& plan, std::chrono::milliseconds budget,
                               const std::vector<std::string>& resolve) {
  CURL* h = handle_.get();
  url_ = plan.url();
  method_ = plan.method();
  const bool send_body = plan.send_body();
  marks_ = DebugMarks{};
  error_buffer_[0] = '\0';
  std::vector<std::string> header_lines = plan.headers();
  for (const auto& [path, what] : {std::pair{&options.cacert, "--cacert"}, std::pair{&options.cert, "--cert"},
                                   std::pair{&options.key, "--key"}}) {
    if (auto ok = check_library_file(*path, what); !ok) return ok;
  }
  // The CLI refuses these already; this keeps any other caller from smuggling a header in.
  for (const auto& line : header_lines) {
    if (auto ok = check_header_line(line, ErrorKind::usage, "-H"); !ok) return ok;
  }
  // No "Expect: 100-continue": its interim response would pass for the response's first byte.
  header_lines.emplace_back("Expect:");
  headers_ = net::make_slist(header_lines);
  resolve_ = net::make_slist(resolve);
  connect_to_ = net::make_slist(options.connect_to);

  set(h, CURLOPT_URL, url_.c_str());
  set(h, CURLOPT_HTTPHEADER, headers_.get());
  set(h, CURLOPT_RESOLVE, resolve_.get());
  set(h, CURLOPT_CONNECT_TO, connect_to_.get());
  set(h, CURLOPT_FOLLOWLOCATION, 0L);  // sonde follows, one exchange per hop
  set(h, CURLOPT_CERTINFO, 1L);
  set(h, CURLOPT_ERRORBUFFER, error_buffer_);
  set(h, CURLOPT_VERBOSE, 1L);  // the debug callback sees nothing otherwise; it prints nothing
  set(h, CURLOPT_DEBUGFUNCTION, on_debug);
  set(h, CURLOPT_DEBUGDATA, &marks_);
  set(h, CURLOPT_WRITEFUNCTION, on_body);
  set(h, CURLOPT_WRITEDATA, &marks_);
  set(h, CURLOPT_NOSIGNAL, 1L);
  set(h, CURLOPT_USERAGENT, k_user_agent.c_str());  // a -H User-Agent replaces it
  set(h, CURLOPT_ACCEPT_ENCODING, nullptr);
  set_request_options(h, options);
  set(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, budget.count())));

  const bool with_body = send_body && options.body.has_value();
  if (with_body) {
    body_ = *options.body;
    set(h, CURLOPT_POSTFIELDS, body_.data());
    set(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_.size()));
  } else {
    set(h, CURLOPT_HTTPGET, 1L);  // also clears a body and NOBODY left from an earlier hop
  }
  set(h, CURLOPT_NOBODY, method_ == "HEAD" ? 1L : 0L);
  const bool implied = method_ == "HEAD" || method_ == (with_body ? "POST" : "GET");
  set(h, CURLOPT_CUSTOMREQUEST, implied ? nullptr : method_.c_str());
  return {};
}

void Transfer::start_clock() { marks_.origin = std::chrono::steady_clock::now(); }

void Transfer::make_lean() {
  CURL* h = handle_.get();
  set(h, CURLOPT_VERBOSE, 0L);
  set(h, CURLOPT_DEBUGFUNCTION, nullptr);
  set(h, CURLOPT_CERTINFO, 0L);
}

Transfer::Outcome Transfer::outcome() const {
  CURL* h = handle_.get();
  Outcome out;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &out.new_connections);
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &out.http_version);
  out.phases = to_phases(read_raw_times(h, marks_, 0, false));
  return out;
}

void Transfer::rearm() {
  marks_ = DebugMarks{};
  error_buffer_[0] = '\0';
}

Result<Hop> Transfer::collect(CURLcode code, std::int64_t dns_us, bool measure_queue) {
  CURL* h = handle_.get();
  if (code != CURLE_OK) {
    auto failure = net::classify_transfer_error(code, h, error_buffer_);
    return std::unexpected(net::to_error(failure, url_));
  }
  Hop hop;
  hop.url = url_;
  hop.method = method_;
  hop.phases = to_phases(read_raw_times(h, marks_, dns_us, measure_queue));
  read_connection(h, hop);
  hop.bytes = marks_.body_bytes;
  hop.attempts = marks_.attempts;
  char* scheme = nullptr;
  curl_easy_getinfo(h, CURLINFO_SCHEME, &scheme);
  if (scheme && std::string(scheme) == "HTTPS") {
    TlsInfo tls = marks_.tls;
    tls.certs = read_certs(h);
    hop.tls = tls;
  }
  return hop;
}

std::string http_version_name(long curl_version) {
  switch (curl_version) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return "";
  }
}

}  // namespace sonde::timing
