#pragma once
/// Whether a request carries the credentials its operation's security requirements ask for:
/// presence only (no one but the server knows which credentials are valid). Shared by the mock
/// (401) and the request checks (a request-security violation).
#include <optional>
#include <string>

#include "core/check/request_parts.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::check {

struct SecurityShortfall {
  std::string schemes;    ///< the schemes of every alternative, "bearerAuth, apiKey"
  std::string where;      ///< where the first alternative's first credential belongs: "/header/Authorization"
  std::string challenge;  ///< a WWW-Authenticate value for the first http/oauth2 scheme; empty if none
};

/// nullopt when one of the operation's security alternatives is met (or it has none; an empty
/// alternative `{}` allows anonymous access), else what is missing.
std::optional<SecurityShortfall> missing_credentials(const openapi::Document& doc, const openapi::Operation& op,
                                                     const std::string& target, const HeaderPairs& headers);

}  // namespace sonde::check
