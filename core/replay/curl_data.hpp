#pragma once
/// The data options of curl (-d, --data-binary, --data-raw, --json, --data-urlencode,
/// --url-query) turned into the bytes curl would send, and the file/stdin reads they imply.
#include <optional>
#include <string>
#include <string_view>

#include "core/replay/curl_state.hpp"

namespace sonde::replay {

/// Like curl_easy_escape, then a space as '+': every byte but ALPHA, DIGIT, "-._~" as %XX
/// (`lower_hex` for --url-query, whose escapes curl writes in lower case).
std::string curl_form_escape(std::string_view text, bool lower_hex);

/// --data-urlencode's five forms: "content", "=content", "name=content", "@file", "name@file"
/// ("-" as the file is stdin). The name is kept as written; the content is escaped. Nothing (and a
/// warning in `s`) when the file cannot be read, as curl does.
Result<std::optional<std::string>> curl_urlencode_arg(CurlState& s, const std::string& arg, bool lower_hex,
                                       std::string_view option, const std::string& where);

/// One -d family piece: `at_files` reads "@file" (stdin for "@-"), `strip_newlines` removes CR
/// and LF from what was read (curl -d and --data-ascii). An unreadable file gives "" and a warning.
Result<std::string> curl_data_arg(CurlState& s, const std::string& arg, bool at_files, bool strip_newlines,
                                  std::string_view option, const std::string& where);

/// `url` with `query` appended the way curl does: '?' when the URL has none, nothing when the
/// query is empty or already ends in '&', else '&'. A fragment stays at the end.
std::string append_query(const std::string& url, const std::string& query);

}  // namespace sonde::replay
