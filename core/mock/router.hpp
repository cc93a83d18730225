#pragma once
/// Matches a request's method and path against OpenAPI path templates ("/pets/{petId}"):
/// literal segments win over templated ones, path parameters are percent-decoded, and a path
/// that exists with another method yields the methods that are allowed (for 405 + Allow).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sonde::mock {

struct RouteMatch {
  enum class Kind { found, method_not_allowed, not_found } kind = Kind::not_found;
  std::size_t operation = 0;                  ///< index given to add() (found)
  std::string path_template;                  ///< e.g. "/pets/{petId}" (found, method_not_allowed)
  std::map<std::string, std::string> params;  ///< decoded path parameters (found)
  std::vector<std::string> allowed;           ///< upper-case methods, sorted (method_not_allowed)
};

class Router {
 public:
  /// Registers `method` (any case) on `path_template` as operation number `operation`.
  void add(std::string_view method, std::string_view path_template, std::size_t operation);

  /// Finds the operation for a request path (the query string, if any, is ignored).
  RouteMatch match(std::string_view method, std::string_view path) const;

 private:
  struct Segment {
    std::string literal;  ///< empty when templated
    std::string prefix, param, suffix;  ///< "{id}.json" → param "id", suffix ".json"
    bool templated = false;
  };
  struct Route {
    std::string path_template;
    std::vector<Segment> segments;
    std::map<std::string, std::size_t> methods;  ///< upper-case method → operation
    int literal_count = 0;
  };
  static std::vector<Segment> parse(std::string_view path_template);
  /// `raw` as sent (a templated segment keeps its own prefix/suffix), `decoded` percent-decoded.
  static bool match_route(const Route& route, const std::vector<std::string>& raw,
                          const std::vector<std::string>& decoded, std::map<std::string, std::string>& params);
  std::vector<Route> routes_;                             ///< in the order they were added
  std::unordered_map<std::string, std::size_t> by_template_;  ///< path template → index in routes_
  /// Segment count → indices into routes_, more literal segments first (stable): a request is
  /// tried only against routes of its own length. A description with 14,000 paths registers in
  /// milliseconds this way; sorting all routes again on every add took seconds.
  std::unordered_map<std::size_t, std::vector<std::size_t>> by_length_;
};

}  // namespace sonde::mock
