#pragma once
/// `sonde test`'s command-line twins of [Options] (the names Hurl's and curl's command lines use:
/// --compressed, --connect-timeout, -u/--user, --resolve...), so that a CI line written for
/// `hurl --test` runs unchanged. Each is read by the [Options] handler of the same name
/// (core/flow/entry_options.hpp): a flag means exactly what the option means.
#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

namespace sonde::cli {

struct TransferFlags {
  std::string connect_timeout, delay, proxy, unix_socket, user, aws_sigv4, netrc_file, max_redirs, limit_rate;
  std::vector<std::string> resolve, connect_to, headers;
  bool compressed = false, path_as_is = false, ipv4 = false, ipv6 = false, http10 = false, http11 = false,
       http2 = false, netrc = false, netrc_optional = false, test = false;
};

void add_transfer_flags(CLI::App& sub, TransferFlags& flags);

/// The flags given, as (option name, value) in a fixed order; a flag's value is "true".
std::vector<std::pair<std::string, std::string>> given_options(const TransferFlags& flags);

}  // namespace sonde::cli
