#pragma once
/// The parts of a request that parameters live in, read the way servers read them: the query
/// string's pairs and the Cookie header's names. Shared by the mock (answering) and by request
/// checks (sonde test --spec), so both see the same parameters.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sonde::check {

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

/// Case-insensitive header lookup (RFC 9110 section 5.1): the first value, if any.
std::optional<std::string> header_of(const HeaderPairs& headers, std::string_view name);

/// The query string's parameters, percent-decoded ("+" is a space in form encoding).
std::vector<std::pair<std::string, std::string>> query_parameters(std::string_view target);

/// Cookie names present in the Cookie header.
std::vector<std::string> cookie_names(const HeaderPairs& headers);

/// The Cookie header's name=value pairs, in order (values as sent: cookies are not percent-encoded).
std::vector<std::pair<std::string, std::string>> cookie_pairs(const HeaderPairs& headers);

}  // namespace sonde::check
