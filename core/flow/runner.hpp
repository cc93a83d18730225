#pragma once
/// Runs the entries of one Hurl file in order: requests built from templates and sections, sent
/// through one HttpSession (connections and cookies carry over), checked with implicit and
/// explicit asserts, captures feeding later entries, and (with a description) every response
/// checked against the contract.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/check/request_check.hpp"
#include "core/flow/http_call.hpp"
#include "core/flow/run_result.hpp"
#include "core/flow/value.hpp"
#include "core/hurl/ast.hpp"

namespace sonde::flow {

struct RunOptions {
  std::vector<std::pair<std::string, Value>> variables;  ///< --variable, --variables-file, HURL_*
  std::vector<std::pair<std::string, std::string>> secrets;  ///< --secret NAME=VALUE (masked everywhere)
  CallOptions call;            ///< defaults; [Options] of an entry override them
  int retry = 0;               ///< default attempts after the first, until the asserts pass
  std::chrono::milliseconds retry_interval{1000};
  std::chrono::milliseconds delay{0};  ///< before each entry (--delay); an entry's `delay` overrides it
  /// Where files the Hurl files name may be (--file-root); empty: each Hurl file's own folder.
  std::string file_root;
  /// Sent with every request (--header), unless the entry sends a header of the same name.
  std::vector<std::pair<std::string, std::string>> headers;
  bool continue_on_error = false;  ///< run the file's later entries after a failure
  int repeat = 1;              ///< runs of the whole file
  check::ContractChecker* checker = nullptr;  ///< --spec; nullptr: no contract checks
  check::RequestContract* requests = nullptr; ///< --spec: what each entry sends is checked too
  std::vector<std::string> redact_headers;    ///< extra header names to mask
  bool show_secrets = false;
  bool record_exchanges = false;  ///< keep each entry's request and response (bodies cut) for reports
  /// Write the curl reproduction of passing entries too (JSON output lists one per entry); failed
  /// entries always get theirs. Off, a passing entry costs no command-line building.
  bool curl_for_passing = true;
  /// Keep the result of every assert (JSON output lists them all); off, only the ones that did not
  /// pass (all the text, JUnit, TAP and HTML reports show), so a long run's memory stays flat.
  bool keep_passing_asserts = true;
  std::function<void(const EntryResult&)> on_entry;  ///< progress (called from the running thread)
};

/// Runs `file`; never throws. An entry that cannot run is recorded with its error, and ends
/// the file unless continue_on_error.
FileResult run_file(const hurl::File& file, const RunOptions& options);

}  // namespace sonde::flow
