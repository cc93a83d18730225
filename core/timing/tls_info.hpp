#pragma once
/// TLS details of an exchange, read from what libcurl offers: CURLOPT_CERTINFO's "Name:value"
/// fields per certificate and the handshake lines of its debug text. Pure parsing, no I/O.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sonde::timing {

struct CertInfo {
  std::string subject;
  std::string issuer;
  std::vector<std::string> sans;  ///< "DNS:api.example", "IP Address:127.0.0.1", as OpenSSL prints them
  std::string not_before;         ///< ISO 8601 UTC, e.g. 2026-01-01T00:00:00Z
  std::string not_after;
  long days_left = 0;             ///< whole days from now to not_after (negative once expired)
};

struct TlsInfo {
  std::string version;  ///< e.g. TLSv1.3
  std::string cipher;   ///< e.g. TLS_AES_256_GCM_SHA384
  std::string alpn;     ///< protocol the server accepted, e.g. h2; empty when none was agreed
  std::vector<CertInfo> certs;  ///< leaf first, as the server sent them
};

/// Parses OpenSSL's ASN1_TIME_print format, "Jan  1 00:00:00 2030 GMT".
std::optional<std::chrono::sys_seconds> parse_openssl_date(const std::string& text);

/// Formats a time as ISO 8601 UTC with a Z suffix.
std::string iso8601(std::chrono::sys_seconds t);

/// Builds one certificate from libcurl's "Name:value" fields; days_left counts from `now`.
CertInfo parse_cert_fields(const std::vector<std::string>& fields, std::chrono::system_clock::time_point now);

/// Updates `tls` from one line of libcurl's debug text ("SSL connection using TLSv1.3 / CIPHER",
/// "ALPN: server accepted h2"); other lines are ignored.
void apply_tls_text_line(const std::string& line, TlsInfo& tls);

}  // namespace sonde::timing
