#include "cli/test_transfer_flags.hpp"

namespace sonde::cli {

void add_transfer_flags(CLI::App& sub, TransferFlags& f) {
  sub.add_option("-H,--header", f.headers, "Send this header with every request, unless the entry sends its own")
      ->type_name("'NAME: VALUE'")->allow_extra_args(false);
  sub.add_option("--connect-timeout", f.connect_timeout, "Limit on connecting, per request (a bare number: seconds)")
      ->type_name("DURATION");
  sub.add_option("--delay", f.delay, "Wait before each entry (a bare number: milliseconds, as Hurl reads it)")
      ->type_name("DURATION");
  sub.add_flag("--compressed", f.compressed, "Ask for a compressed answer and decode it");
  sub.add_option("--max-redirs", f.max_redirs, "Redirects followed at most (-1: no limit)")->type_name("N");
  sub.add_flag("--path-as-is", f.path_as_is, "Send /../ and /./ in URLs unchanged");
  sub.add_option("-x,--proxy", f.proxy, "Send every request through this proxy")->type_name("[PROTOCOL://]HOST[:PORT]");
  sub.add_option("--unix-socket", f.unix_socket, "Connect through this Unix socket")->type_name("PATH");
  sub.add_option("-u,--user", f.user, "Basic authentication for every request")->type_name("USER:PASSWORD");
  sub.add_option("--aws-sigv4", f.aws_sigv4, "Sign every request with AWS Signature V4 (keys from --user)")
      ->type_name("PROVIDER1[:PROVIDER2[:REGION[:SERVICE]]]");
  sub.add_option("--resolve", f.resolve, "Resolve HOST:PORT to ADDR (repeatable)")->type_name("HOST:PORT:ADDR")
      ->allow_extra_args(false);
  sub.add_option("--connect-to", f.connect_to, "Connect to HOST2:PORT2 for HOST1:PORT1 (repeatable)")
      ->type_name("HOST1:PORT1:HOST2:PORT2")->allow_extra_args(false);
  sub.add_flag("-4,--ipv4", f.ipv4, "Resolve names to IPv4 addresses only");
  sub.add_flag("-6,--ipv6", f.ipv6, "Resolve names to IPv6 addresses only");
  sub.add_flag("-0,--http1.0", f.http10, "Speak HTTP/1.0");
  sub.add_flag("--http1.1", f.http11, "Speak HTTP/1.1");
  sub.add_flag("--http2", f.http2, "Speak HTTP/2");
  sub.add_option("--limit-rate", f.limit_rate, "Receive at most this many bytes per second")->type_name("BYTES");
  sub.add_flag("-n,--netrc", f.netrc, "Credentials from ~/.netrc (required)");
  sub.add_flag("--netrc-optional", f.netrc_optional, "Credentials from ~/.netrc when it has them");
  sub.add_option("--netrc-file", f.netrc_file, "Credentials from this netrc file")->type_name("FILE");
  // hurl --test runs files as tests; sonde test always does: a CI line written for Hurl keeps it.
  sub.add_flag("--test", f.test, "Accepted for Hurl's command lines (sonde test always runs as tests)");
}

namespace {

// Each flag and the [Options] name it stands for.
constexpr std::pair<const char*, std::string TransferFlags::*> k_text[] = {
    {"delay", &TransferFlags::delay},           {"max-redirs", &TransferFlags::max_redirs},
    {"proxy", &TransferFlags::proxy},           {"unix-socket", &TransferFlags::unix_socket},
    {"user", &TransferFlags::user},             {"aws-sigv4", &TransferFlags::aws_sigv4},
    {"limit-rate", &TransferFlags::limit_rate}, {"netrc-file", &TransferFlags::netrc_file},
};
constexpr std::pair<const char*, std::vector<std::string> TransferFlags::*> k_lists[] = {
    {"resolve", &TransferFlags::resolve}, {"connect-to", &TransferFlags::connect_to}};
constexpr std::pair<const char*, bool TransferFlags::*> k_flags[] = {
    {"compressed", &TransferFlags::compressed}, {"path-as-is", &TransferFlags::path_as_is},
    {"ipv4", &TransferFlags::ipv4},             {"ipv6", &TransferFlags::ipv6},
    {"http1.0", &TransferFlags::http10},        {"http1.1", &TransferFlags::http11},
    {"http2", &TransferFlags::http2},           {"netrc", &TransferFlags::netrc},
    {"netrc-optional", &TransferFlags::netrc_optional},
};

}  // namespace

std::vector<std::pair<std::string, std::string>> given_options(const TransferFlags& f) {
  std::vector<std::pair<std::string, std::string>> given;
  // On command lines a bare number is seconds, as curl's and Hurl's --connect-timeout read it (in
  // [Options] a bare number is milliseconds).
  if (!f.connect_timeout.empty()) {
    const bool bare = f.connect_timeout.find_first_not_of("0123456789.") == std::string::npos;
    given.emplace_back("connect-timeout", bare ? f.connect_timeout + "s" : f.connect_timeout);
  }
  for (const auto& [name, member] : k_text) {
    if (!(f.*member).empty()) given.emplace_back(name, f.*member);
  }
  for (const auto& [name, member] : k_lists) {
    for (const auto& value : f.*member) given.emplace_back(name, value);
  }
  for (const auto& [name, member] : k_flags) {
    if (f.*member) given.emplace_back(name, "true");
  }
  return given;
}

}  // namespace sonde::cli
