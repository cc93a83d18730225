#pragma once
/// A failing case as something to run again: a curl command line, and a Hurl file that
/// `sonde test` runs as a regression test (it fails while the bug is there, passes once fixed).
/// Credentials are never written: masked in the curl line, `{{variables}}` in the Hurl file.
#include <string>
#include <utility>
#include <vector>

#include "core/check/live_http.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check::generate {

/// One request of a reproduction. A stateful sequence has several: earlier ones capture a value
/// (e.g. the new resource's id) that later URLs use.
struct Step {
  LiveRequest request;
  std::vector<std::pair<std::string, std::string>> captures;       ///< name -> Hurl query ("jsonpath \"$.id\"")
  std::vector<std::pair<std::string, std::string>> substitutions;  ///< later URLs: concrete text -> "{{name}}"
};

struct Reproduction {
  std::string curl;  ///< the last request (the failing one) as a curl command
  std::string hurl;  ///< every step as a Hurl entry; the last one asserts what `check` requires
};

/// `comment` becomes the Hurl file's first lines ("# sonde check --generate: ...").
Reproduction reproduce(const std::vector<Step>& steps, const std::string& check, const std::string& comment,
                       const Redactor& redactor, long max_response_ms = 0);

/// The Hurl asserts that fail while `check` fails, e.g. "status < 500" for not-a-server-error;
/// the contract checks (response schema, headers, content type, status) are asserted by
/// `sonde test --spec` itself, so they have none.
/// `max_response_ms` is the --max-response-time bound, for max-response-time's "duration <" assert.
std::vector<std::string> hurl_asserts(const std::string& check, long max_response_ms = 0);

}  // namespace sonde::check::generate
