#pragma once
/// The mock answers with the response example a request asks for by its content (Prism's users
/// ask for this: #1212, #1838, #2626). A request example and a response example are paired by
/// name, in this order:
///   1. `Prefer: example=NAME` (chosen by the caller, never overridden here);
///   2. a named example of the request body whose value equals the sent JSON body;
///   3. a named example of a parameter (path, query, header, cookie; in declaration order) whose
///      value equals the sent value;
/// and only names that the answered response's media type also has count. Otherwise the first
/// example is answered, as before.
#include <map>
#include <optional>
#include <string>

#include "core/mock/exchange.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::mock {

std::optional<std::string> example_by_content(const openapi::Document& doc, const openapi::Operation& op,
                                              const MockRequest& request,
                                              const std::map<std::string, std::string>& path_params,
                                              const std::vector<std::string>& response_examples);

}  // namespace sonde::mock
