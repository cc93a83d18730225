#pragma once
/// Where and how the proxy's own HTTP/1.1 client (core/proxy/plain_upstream.hpp) sends a request:
/// which URLs it takes (plain http:// to an address), and the request head it writes. libcurl
/// keeps everything else: https, host names to resolve, credentials in the URL, an outgoing proxy.
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mock/exchange.hpp"

namespace sonde::proxy {

struct PlainEndpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
};

struct PlainRoute {
  std::vector<PlainEndpoint> endpoints;  ///< tried in order until one connects
  std::string authority;                 ///< the Host field: the host as written, the port unless 80
  std::string target;                    ///< origin-form: the path and query
};

/// How `url` goes by the proxy's own client, or nothing when libcurl carries it: a scheme other
/// than http, a host given by a name (localhost aside: 127.0.0.1, then ::1, as libcurl does),
/// credentials in the URL, an IPv6 zone. `url` comes from upstream_url (its target starts with /).
std::optional<PlainRoute> plain_route_of(std::string_view url);

/// plain_route_of, unless the environment sends plain http through an outgoing proxy (http_proxy,
/// all_proxy, ALL_PROXY: libcurl honours them) or asks for libcurl
/// (SONDE_PROXY_UPSTREAM_CLIENT=libcurl). The environment is read once.
std::optional<PlainRoute> plain_route(std::string_view url);

/// How a request's body is framed upstream.
enum class UploadFraming {
  none,     ///< no body (and no Content-Length)
  length,   ///< Content-Length: `length`
  chunked,  ///< Transfer-Encoding: chunked (a streamed body of unknown length)
};

/// The framing libcurl chose for the same request, so both clients send the same bytes: a held
/// body is sent with its length when it has bytes or the method is POST, PUT or PATCH (an empty
/// one then says Content-Length: 0); HEAD never carries one; a streamed body of unknown length
/// goes chunked.
UploadFraming upload_framing(const mock::MockRequest& request, bool streamed, std::optional<std::uint64_t> length);

/// The request head as it goes upstream: method, target, Host, then the client's end-to-end fields
/// as they came (hop-by-hop ones, Host, Content-Length and Expect stay on their hop: the same
/// choice as upstream_header_lines), then this hop's framing. Written as given: the method, target
/// and fields must be what parse_request_head accepts (no CR, LF or other control byte; it refuses
/// them with a 400 before anything is forwarded), or a field could end the head early upstream.
std::string plain_request_head(const mock::MockRequest& request, const PlainRoute& route, UploadFraming framing,
                               std::uint64_t length);

}  // namespace sonde::proxy
