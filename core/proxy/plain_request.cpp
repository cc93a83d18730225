#include "core/proxy/plain_request.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "core/proxy/upstream.hpp"
#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::proxy {

namespace {

std::optional<PlainEndpoint> ipv4_endpoint(const std::string& host, std::uint16_t port) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &in.sin_addr) != 1) return std::nullopt;
  PlainEndpoint endpoint;
  std::memcpy(&endpoint.address, &in, sizeof in);
  endpoint.length = sizeof in;
  return endpoint;
}

std::optional<PlainEndpoint> ipv6_endpoint(const std::string& host, std::uint16_t port) {
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(port);
  if (::inet_pton(AF_INET6, host.c_str(), &in6.sin6_addr) != 1) return std::nullopt;
  PlainEndpoint endpoint;
  std::memcpy(&endpoint.address, &in6, sizeof in6);
  endpoint.length = sizeof in6;
  return endpoint;
}

bool set_in_environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

}  // namespace

std::optional<PlainRoute> plain_route_of(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.size() < scheme.size() || !iequals_ascii(url.substr(0, scheme.size()), scheme)) return std::nullopt;
  url.remove_prefix(scheme.size());
  const auto authority_end = url.find_first_of("/?#");
  const std::string_view authority = url.substr(0, authority_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;  // credentials: libcurl's
  std::string_view host = authority;
  std::string_view port_text;
  bool bracketed = false;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    bracketed = true;
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port_text = rest.substr(1);
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  }
  unsigned port = 80;
  if (!port_text.empty()) {
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) return std::nullopt;
  }
  PlainRoute route;
  const std::string host_text(host);
  const auto p = static_cast<std::uint16_t>(port);
  if (bracketed) {
    if (host_text.find('%') != std::string::npos) return std::nullopt;  // a zone: libcurl's
    auto endpoint = ipv6_endpoint(host_text, p);
    if (!endpoint) return std::nullopt;
    route.endpoints.push_back(*endpoint);
  } else if (iequals_ascii(host, "localhost")) {
    // RFC 6761 section 6.3: localhost is the loopback, never asked of DNS (libcurl answers it
    // itself too). IPv4 first; a server listening on ::1 only (Node's default) is reached next.
    route.endpoints.push_back(*ipv4_endpoint("127.0.0.1", p));
    route.endpoints.push_back(*ipv6_endpoint("::1", p));
  } else if (auto endpoint = ipv4_endpoint(host_text, p)) {
    route.endpoints.push_back(*endpoint);
  } else {
    return std::nullopt;  // a name to resolve: libcurl's
  }
  // Host as libcurl writes it: the host as the URL wrote it, the port only when not 80.
  route.authority = bracketed ? "[" + host_text + "]" : host_text;
  if (port != 80) route.authority += ":" + std::to_string(port);
  std::string_view target = authority_end == std::string_view::npos ? std::string_view() : url.substr(authority_end);
  target = target.substr(0, target.find('#'));  // a fragment never leaves the client
  if (target.empty() || target.front() != '/') route.target = "/";
  route.target += target;
  return route;
}

std::optional<PlainRoute> plain_route(std::string_view url) {
  static const bool libcurl_only = [] {
    const char* asked = std::getenv("SONDE_PROXY_UPSTREAM_CLIENT");
    return (asked != nullptr && std::string_view(asked) == "libcurl") || set_in_environment("http_proxy") ||
           set_in_environment("all_proxy") || set_in_environment("ALL_PROXY");
  }();
  if (libcurl_only) return std::nullopt;
  return plain_route_of(url);
}

UploadFraming upload_framing(const mock::MockRequest& request, bool streamed, std::optional<std::uint64_t> length) {
  if (request.method == "HEAD") return UploadFraming::none;
  if (streamed) return length ? UploadFraming::length : UploadFraming::chunked;
  const bool sends_body = !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
                          request.method == "PATCH";
  return sends_body ? UploadFraming::length : UploadFraming::none;
}

std::string plain_request_head(const mock::MockRequest& request, const PlainRoute& route, UploadFraming framing,
                               std::uint64_t length) {
  std::string head;
  head.reserve(256);
  head.append(request.method).append(" ").append(route.target).append(" HTTP/1.1\r\nHost: ").append(route.authority);
  head.append("\r\n");
  for (const auto& [name, value] : request.headers) {
    if (hop_by_hop(name) || iequals_ascii(name, "Host") || iequals_ascii(name, "Content-Length") ||
        iequals_ascii(name, "Expect")) {
      continue;
    }
    head.append(name).append(value.empty() ? ":" : ": ").append(value).append("\r\n");
  }
  if (framing == UploadFraming::length) {
    head.append("Content-Length: ").append(std::to_string(length)).append("\r\n");
  } else if (framing == UploadFraming::chunked) {
    head.append("Transfer-Encoding: chunked\r\n");
  }
  head.append("\r\n");
  return head;
}

}  // namespace sonde::proxy
