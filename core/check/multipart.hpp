#pragma once
/// multipart/form-data bodies (RFC 7578) read the way servers read them: the boundary from the
/// Content-Type, then each part's name, file name, Content-Type and bytes. Request checks
/// validate the parts against the operation's schema and encoding object.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::check {

struct MultipartPart {
  std::string name;                     ///< Content-Disposition's name
  std::optional<std::string> filename;  ///< present for a file
  std::string content_type;             ///< empty when the part sends none (text/plain, RFC 7578)
  std::string body;                     ///< the bytes between the part's headers and the next boundary
};

/// The parts of `body` sent with `content_type` ("multipart/form-data; boundary=..."). An error
/// says what is malformed (no boundary, no closing delimiter, a part without a name...).
Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type, std::string_view body);

}  // namespace sonde::check
