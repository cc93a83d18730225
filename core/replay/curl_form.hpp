#pragma once
/// curl's -F / --form syntax turned into one multipart part: `name=text`, `name=@file`,
/// `name=<file`, "quoted" words, and the `;type=`, `;filename=` and `;headers=` parameters.
#include <string>
#include <string_view>

#include "core/replay/curl_state.hpp"
#include "core/replay/multipart.hpp"

namespace sonde::replay {

/// The part `arg` describes; `literal` is --form-string (no @, < or ; processing). Files are read
/// (stdin for "-"); unknown parameters are dropped with a warning, as curl does.
Result<MultipartPart> parse_curl_form(CurlState& s, const std::string& arg, bool literal, std::string_view option,
                                      const std::string& where);

/// curl's Content-Type guess from a file name's extension (lib/mime.c), or empty.
std::string_view curl_mime_type_for(std::string_view filename);

}  // namespace sonde::replay
