#pragma once
/// What a curl command line has said so far, option by option, before it becomes requests: the
/// shared state of the option handlers (curl_options.cpp) and the request builder
/// (curl_command_reader.cpp). One CurlState per `--next` section.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/replay/multipart.hpp"
#include "core/replay/request.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

/// Where `@-` and `-T -` read from: the command's standard input, read once (curl reads it once
/// too; a second `@-` gets nothing). Unset: reading stdin is an error naming the option.
struct CurlInputs {
  std::function<Result<std::string>()> read_stdin;
  /// Environment for `$NAME` in the command, as the shell would expand it (unset: no expansion).
  std::function<std::optional<std::string>(const std::string&)> environment;
  std::optional<std::string> stdin_text;  ///< once read (or given: a `< file` or here-document)
  bool stdin_consumed = false;
};

/// One URL of the command, with the -T file that pairs with it (curl pairs them in order).
struct CurlTarget {
  std::string url;
  std::optional<std::string> upload;
};

struct CurlState {
  std::vector<CurlTarget> targets;
  std::vector<std::string> uploads;        ///< -T values, paired with targets in order
  std::optional<std::string> method;       ///< -X
  std::vector<std::string> data;           ///< -d family pieces, already read and encoded
  bool has_data = false;
  bool json = false;                       ///< --json: pieces join without '&'
  std::vector<MultipartPart> form;         ///< -F / --form-string
  std::vector<std::string> url_query;      ///< --url-query pieces, encoded
  Headers headers;                         ///< -H in order (empty values are removals)
  std::set<std::string> removed;           ///< lower-case names given as "Name:" (no value)
  Transport transport;
  std::optional<std::string> user;         ///< -u
  std::optional<std::string> bearer;       ///< --oauth2-bearer
  bool get = false;                        ///< -G
  bool head = false;                       ///< -I
  std::vector<std::string> ignored;        ///< options accepted that do not shape the request
  std::vector<std::string> warnings;
  CurlInputs* inputs = nullptr;             ///< shared by every --next section
};

/// The bytes of `@name`: stdin for "-", else the file (errors name `option` and `where`).
Result<std::string> curl_read_source(CurlState& s, const std::string& name, std::string_view option,
                                     const std::string& where);

}  // namespace sonde::replay
