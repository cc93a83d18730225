#include "core/net/encrypted_dns.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>

#include "core/net/curl_error.hpp"
#include "core/net/curl_handle.hpp"
#include "core/util/base64.hpp"
#include "core/util/file_read.hpp"
#include "core/util/redaction.hpp"

namespace sonde::net {

namespace {

using Clock = std::chrono::steady_clock;

dns::Completion failed(int ticket, std::string detail) {
  dns::Completion c;
  c.ticket = ticket;
  c.status = dns::Completion::Status::failed;
  c.detail = std::move(detail);
  return c;
}

void common_options(CURL* h, const EncryptedResolver& r, std::chrono::milliseconds timeout, char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, timeout.count())));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!r.cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, r.cacert.c_str());
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // a resolver is asked directly, never through *_proxy
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(user);
  const std::size_t n = size * count;
  if (out->size() + n > 65535) return 0;  // no DNS message is larger
  out->insert(out->end(), data, data + n);
  return n;
}

// RFC 8484 section 4.1: POST with Content-Type application/dns-message, or GET with the message
// base64url-encoded (no padding) in the "dns" variable of the URI template; Accept either way.
dns::Completion doh(const EncryptedResolver& r, int ticket, std::span<const std::uint8_t> query,
                    std::chrono::milliseconds timeout) {
  EasyHandle handle = make_easy();
  CURL* h = handle.get();
  char error_buffer[CURL_ERROR_SIZE] = {};
  common_options(h, r, timeout, error_buffer);
  std::vector<std::uint8_t> reply;
  Slist headers = r.get ? make_slist({"Accept: application/dns-message"})
                        : make_slist({"Content-Type: application/dns-message", "Accept: application/dns-message"});
  std::string url = r.url;
  if (r.get) {
    const std::string encoded =
        base64_encode(std::string_view(reinterpret_cast<const char*>(query.data()), query.size()), true);
    url.replace(url.find("{?dns}"), 6, "?dns=" + encoded);
  }
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (!r.get) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, reinterpret_cast<const char*>(query.data()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(query.size()));
  }
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
  const auto started = Clock::now();
  CURLcode rc = curl_easy_perform(h);
  const double rtt = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (rc != CURLE_OK) return failed(ticket, classify_transfer_error(rc, h, error_buffer).message);
  long status = 0;
  char* type = nullptr;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
  if (status != 200) return failed(ticket, "HTTP " + std::to_string(status) + " from the DoH server");
  if (!type || std::string_view(type).substr(0, 23) != "application/dns-message") {
    return failed(ticket, "the DoH server answered " + std::string(type ? type : "no Content-Type") +
                              ", not application/dns-message");
  }
  dns::Completion c;
  c.ticket = ticket;
  c.status = dns::Completion::Status::reply;
  c.reply = std::move(reply);
  c.rtt_ms = rtt;
  return c;
}

// Waits until the connection's socket is ready or the deadline passes.
bool wait_socket(CURL* h, short events, Clock::time_point deadline) {
  curl_socket_t fd = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(left)) > 0;
}

// RFC 7858: the message with a two-byte length prefix on a TLS connection (libcurl makes the
// connection and the handshake, then carries raw bytes: CONNECT_ONLY).
dns::Completion dot(const EncryptedResolver& r, int ticket, std::span<const std::uint8_t> query,
                    std::chrono::milliseconds timeout) {
  EasyHandle handle = make_easy();
  CURL* h = handle.get();
  char error_buffer[CURL_ERROR_SIZE] = {};
  common_options(h, r, timeout, error_buffer);
  const std::string url = "https://" + (r.host.find(':') != std::string::npos ? "[" + r.host + "]" : r.host) + ":" +
                          std::to_string(r.port) + "/";
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_ENABLE_ALPN, 0L);  // not HTTP: no h2/http1.1 offer
  const auto started = Clock::now();
  const auto deadline = started + timeout;
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) return failed(ticket, classify_transfer_error(rc, h, error_buffer).message);
  std::vector<std::uint8_t> framed{static_cast<std::uint8_t>(query.size() >> 8), static_cast<std::uint8_t>(query.size() & 0xff)};
  framed.insert(framed.end(), query.begin(), query.end());
  for (std::size_t sent = 0; sent < framed.size();) {
    std::size_t n = 0;
    rc = curl_easy_send(h, framed.data() + sent, framed.size() - sent, &n);
    if (rc == CURLE_AGAIN) {
      if (!wait_socket(h, POLLOUT, deadline)) return failed(ticket, "timed out sending the query");
      continue;
    }
    if (rc != CURLE_OK) return failed(ticket, classify_transfer_error(rc, h, error_buffer).message);
    sent += n;
  }
  std::vector<std::uint8_t> reply;
  std::uint8_t buffer[4096];
  while (reply.size() < 2 || reply.size() < 2u + ((reply[0] << 8) | reply[1])) {
    std::size_t n = 0;
    rc = curl_easy_recv(h, buffer, sizeof buffer, &n);
    if (rc == CURLE_AGAIN) {
      if (!wait_socket(h, POLLIN, deadline)) return failed(ticket, "timed out waiting for the answer");
      continue;
    }
    if (rc != CURLE_OK) return failed(ticket, classify_transfer_error(rc, h, error_buffer).message);
    if (n == 0) return failed(ticket, "the DoT server closed the connection before answering in full");
    reply.insert(reply.end(), buffer, buffer + n);
  }
  const std::size_t length = (reply[0] << 8) | reply[1];
  dns::Completion c;
  c.ticket = ticket;
  c.status = dns::Completion::Status::reply;
  c.reply.assign(reply.begin() + 2, reply.begin() + 2 + static_cast<std::ptrdiff_t>(length));
  c.rtt_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return c;
}

}  // namespace

bool is_encrypted_resolver(const std::string& text) { return text.starts_with("tls://") || text.starts_with("https://"); }

Result<EncryptedResolver> parse_encrypted_resolver(const std::string& text) {
  EncryptedResolver r;
  std::string rest;
  if (text.starts_with("tls://")) {
    r.kind = EncryptedResolver::Kind::tls;
    r.port = 853;
    rest = text.substr(6);
  } else if (text.starts_with("https://")) {
    r.kind = EncryptedResolver::Kind::https;
    rest = text.substr(8);
  } else {
    return fail(ErrorKind::usage, "expected tls://HOST[:PORT] or https://HOST[:PORT]/PATH", text);
  }
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    // Credentials would travel to the resolver and show in every output: refused, and masked here.
    return fail(ErrorKind::usage, "user:password in a resolver URL is not supported", Redactor().shown_url(text));
  }
  if (r.kind == EncryptedResolver::Kind::https && path.find('{') != std::string::npos) {
    // RFC 8484 §4.1.1: the URI template; "{?dns}" at the end is the one form a DoH server uses.
    if (!path.ends_with("{?dns}") || path.find('{') != path.size() - 6) {
      return fail(ErrorKind::usage, "a DoH URI template must end in {?dns}", text, "e.g. https://dns.example/dns-query{?dns}");
    }
    r.get = true;
  }
  if (r.kind == EncryptedResolver::Kind::tls && !path.empty() && path != "/") {
    return fail(ErrorKind::usage, "a tls:// resolver has no path", text, "e.g. tls://dns.example:853");
  }
  std::string port;
  if (authority.starts_with("[")) {  // [IPv6]:port
    auto close = authority.find(']');
    if (close == std::string::npos) return fail(ErrorKind::usage, "unclosed '[' in the resolver address", text);
    r.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return fail(ErrorKind::usage, "expected ':PORT' after ']'", text);
      port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.find(':');
    r.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (r.host.empty()) return fail(ErrorKind::usage, "the resolver URL has no host", text);
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
        std::stoi(port) > 65535) {
      return fail(ErrorKind::usage, "invalid port in the resolver URL", text);
    }
    r.port = static_cast<std::uint16_t>(std::stoi(port));
  }
  r.url = r.kind == EncryptedResolver::Kind::https && path.empty() ? text + "/dns-query" : text;
  return r;
}

Result<int> EncryptedTransport::start(const dns::Endpoint&, dns::Protocol, std::span<const std::uint8_t> query,
                                      std::chrono::milliseconds timeout) {
  const int ticket = next_ticket_++;
  finished_.push_back(resolver_.kind == EncryptedResolver::Kind::https ? doh(resolver_, ticket, query, timeout)
                                                                       : dot(resolver_, ticket, query, timeout));
  return ticket;
}

std::optional<dns::Completion> EncryptedTransport::wait(std::chrono::milliseconds) {
  if (finished_.empty()) return std::nullopt;
  dns::Completion c = std::move(finished_.front());
  finished_.pop_front();
  return c;
}

void EncryptedTransport::cancel(int ticket) {
  std::erase_if(finished_, [ticket](const dns::Completion& c) { return c.ticket == ticket; });
}

Result<int> RoutingTransport::start(const dns::Endpoint& server, dns::Protocol protocol,
                                    std::span<const std::uint8_t> query, std::chrono::milliseconds timeout) {
  if (server.url.empty()) return plain_.start(server, protocol, query, timeout);
  if (server.url.starts_with("tcp://")) return plain_.start(server, dns::Protocol::tcp, query, timeout);
  auto resolver = parse_encrypted_resolver(server.url);
  if (!resolver) return std::unexpected(resolver.error());
  resolver->cacert = cacert_;
  EncryptedTransport once(std::move(*resolver));
  if (auto started = once.start(server, protocol, query, timeout); !started) return std::unexpected(started.error());
  dns::Completion c = *once.wait(std::chrono::milliseconds(0));
  c.ticket = next_ticket_--;
  finished_.push_back(std::move(c));
  return finished_.back().ticket;
}

std::optional<dns::Completion> RoutingTransport::wait(std::chrono::milliseconds max_wait) {
  if (!finished_.empty()) {
    dns::Completion c = std::move(finished_.front());
    finished_.pop_front();
    return c;
  }
  return plain_.wait(max_wait);
}

void RoutingTransport::cancel(int ticket) {
  if (ticket > 0) return plain_.cancel(ticket);
  std::erase_if(finished_, [ticket](const dns::Completion& c) { return c.ticket == ticket; });
}

void RoutingTransport::cancel_all() {
  finished_.clear();
  plain_.cancel_all();
}

Result<dns::Endpoint> parse_resolver(const std::string& text) {
  if (is_encrypted_resolver(text)) {
    auto r = parse_encrypted_resolver(text);
    if (!r) return std::unexpected(r.error());
    dns::Endpoint e{r->host, r->port};
    e.url = r->url;
    return e;
  }
  const bool tcp = text.starts_with("tcp://");
  auto e = dns::parse_endpoint(text.starts_with("udp://") || tcp ? text.substr(6) : text);
  if (!e) return fail(e.error().kind, e.error().message, Redactor().shown_url(text), e.error().hint);
  if (tcp) e->url = "tcp://" + e->text();
  return e;
}

Result<std::vector<dns::Endpoint>> read_resolver_list(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  std::vector<dns::Endpoint> out;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start <= text->size()) {
    auto end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    line.erase(0, first);
    const std::string where = path + ":" + std::to_string(line_number);
    auto e = parse_resolver(line);
    if (!e) return fail(ErrorKind::invalid_input, e.error().message + ": '" + Redactor().shown_url(line) + "'", where);
    out.push_back(std::move(*e));
  }
  if (out.empty()) return fail(ErrorKind::invalid_input, "no resolver in the list", path);
  return out;
}

}  // namespace sonde::net
