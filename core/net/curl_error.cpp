#include "core/net/curl_error.hpp"

#include <cerrno>
#include <cstring>

namespace sonde::net {

namespace {

// OpenSSL X509_V_ERR_* values as libcurl reports them through CURLINFO_SSL_VERIFYRESULT.
constexpr long k_x509_cert_not_yet_valid = 9;
constexpr long k_x509_cert_has_expired = 10;
constexpr long k_x509_self_signed = 18;
constexpr long k_x509_self_signed_in_chain = 19;
constexpr long k_x509_unable_to_get_issuer_locally = 20;
constexpr long k_x509_unable_to_verify_leaf = 21;
constexpr long k_x509_hostname_mismatch = 62;

TransferError classify_peer_failed(CURL* handle, const std::string& detail) {
  long verify = 0;
  if (handle) curl_easy_getinfo(handle, CURLINFO_SSL_VERIFYRESULT, &verify);
  switch (verify) {
    case k_x509_cert_has_expired: return {TransferFailure::tls_expired, "TLS certificate has expired"};
    case k_x509_cert_not_yet_valid: return {TransferFailure::tls_expired, "TLS certificate is not valid yet"};
    case k_x509_self_signed:
      return {TransferFailure::tls_untrusted, "TLS certificate is self-signed (not issued by a trusted CA)"};
    case k_x509_self_signed_in_chain:
    case k_x509_unable_to_get_issuer_locally:
    case k_x509_unable_to_verify_leaf:
      return {TransferFailure::tls_untrusted, "TLS certificate is issued by an unknown CA"};
    case k_x509_hostname_mismatch: return {TransferFailure::tls_hostname, "TLS certificate does not match the host name"};
    default: break;
  }
  // libcurl checks the host name itself with some backends and reports it only in words.
  if (detail.find("subject name") != std::string::npos || detail.find("does not match") != std::string::npos) {
    return {TransferFailure::tls_hostname, "TLS certificate does not match the host name"};
  }
  if (detail.find("expired") != std::string::npos) return {TransferFailure::tls_expired, "TLS certificate has expired"};
  if (detail.find("self-signed") != std::string::npos || detail.find("self signed") != std::string::npos) {
    return {TransferFailure::tls_untrusted, "TLS certificate is self-signed (not issued by a trusted CA)"};
  }
  return {TransferFailure::tls_untrusted, "TLS certificate could not be verified" + (detail.empty() ? "" : " (" + detail + ")")};
}

}  // namespace

TransferError classify_transfer_error(CURLcode code, CURL* handle, const char* curl_error_buffer) {
  std::string detail = curl_error_buffer && *curl_error_buffer ? curl_error_buffer : curl_easy_strerror(code);
  long os_errno = 0;
  if (handle) curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
  switch (code) {
    case CURLE_OK: return {TransferFailure::none, ""};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return {TransferFailure::resolve, "cannot resolve host (" + detail + ")"};
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) return {TransferFailure::connect_refused, "connection refused"};
      return {TransferFailure::other, "cannot connect (" + detail + ")"};
    case CURLE_OPERATION_TIMEDOUT: {
      // No connect time and no pre-transfer time: no TCP connection was ever made, so nothing was
      // sent. A reused keep-alive connection has no connect time either, but it reached the
      // pre-transfer stage (the request went out): that is a plain timeout, never "not sent", or
      // a retry could repeat a request the server already has.
      curl_off_t connect_us = 0, pretransfer_us = 0;
      if (handle) {
        curl_easy_getinfo(handle, CURLINFO_CONNECT_TIME_T, &connect_us);
        curl_easy_getinfo(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
      }
      if (handle && connect_us == 0 && pretransfer_us == 0) return {TransferFailure::connect_timeout, "connect timed out"};
      return {TransferFailure::timeout, "timed out (" + detail + ")"};
    }
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2_STREAM:
      // TLS 1.3 ends the handshake before the server checks the client's certificate: a missing
      // one arrives as an alert on the first read, not as a handshake failure.
      if (detail.find("alert certificate required") != std::string::npos) {
        return {TransferFailure::tls_other, "the server requires a client certificate (" + detail + ")"};
      }
      return {TransferFailure::connection_reset, "connection reset or closed by the server (" + detail + ")"};
    case CURLE_PEER_FAILED_VERIFICATION: return classify_peer_failed(handle, detail);
    case CURLE_SSL_CONNECT_ERROR: return {TransferFailure::tls_other, "TLS handshake failed (" + detail + ")"};
    case CURLE_SSL_CACERT_BADFILE: return {TransferFailure::tls_other, "cannot load CA certificates (" + detail + ")"};
    // libcurl 7.x reports a header line past its 100 KiB cap (CURL_MAX_HTTP_HEADER) as out of
    // memory, with no words in the error buffer; "Out of memory" alone sent users to the wrong place.
    case CURLE_OUT_OF_MEMORY:
      return {TransferFailure::other, "response header line over libcurl's 100 KiB limit (or out of memory)"};
    case CURLE_SSL_CERTPROBLEM: return {TransferFailure::tls_other, "cannot use the client certificate (" + detail + ")"};
    default: return {TransferFailure::other, detail};
  }
}

std::string body_limit_message(std::size_t limit) {
  std::string size = limit % (1u << 20) == 0 ? std::to_string(limit >> 20) + " MiB" : std::to_string(limit) + " bytes";
  return "response body larger than the " + size + " limit; stopped reading";
}

Error to_error(const TransferError& error, const std::string& where) {
  std::string hint;
  switch (error.failure) {
    case TransferFailure::tls_untrusted: hint = "pass the issuing CA with --cacert FILE"; break;
    case TransferFailure::connect_refused: hint = "is the server running and listening on that port?"; break;
    case TransferFailure::resolve: hint = "check the name, or pin an address with --resolve HOST:PORT:ADDR"; break;
    default: break;
  }
  return Error{ErrorKind::runtime, error.message, where, hint};
}

bool request_never_sent(TransferFailure failure) {
  return failure == TransferFailure::resolve || failure == TransferFailure::connect_refused ||
         failure == TransferFailure::connect_timeout;
}

}  // namespace sonde::net
