#include "core/mock/problem.hpp"

#include <nlohmann/json.hpp>

namespace sonde::mock {

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

MockResponse problem_response(int status, const std::string& title, const std::string& detail,
                              const std::vector<ProblemItem>& items) {
  nlohmann::json body{{"type", "about:blank"}, {"title", title}, {"status", status}};
  if (!detail.empty()) body["detail"] = detail;
  if (!items.empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& item : items) errors.push_back({{"pointer", item.pointer}, {"detail", item.message}});
  }
  MockResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/problem+json");
  // Details may quote what the client sent; bytes that are not UTF-8 become U+FFFD instead of
  // making the JSON library throw.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return response;
}

}  // namespace sonde::mock
