#include "core/mock/router.hpp"

#include "core/util/text_codec.hpp"

#include <algorithm>
#include <cctype>

namespace sonde::mock {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = path.empty() || path.front() != '/' ? 0 : 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    parts.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  // "/pets/" and "/pets" are the same resource for routing.
  if (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  return parts;
}

}  // namespace

std::vector<Router::Segment> Router::parse(std::string_view path_template) {
  std::vector<Segment> segments;
  for (const auto& part : split_path(path_template)) {
    Segment segment;
    auto open = part.find('{');
    auto close = part.find('}', open);
    if (open == std::string::npos || close == std::string::npos) {
      segment.literal = part;
    } else {
      segment.templated = true;
      segment.prefix = part.substr(0, open);
      segment.param = part.substr(open + 1, close - open - 1);
      segment.suffix = part.substr(close + 1);
    }
    segments.push_back(std::move(segment));
  }
  return segments;
}

void Router::add(std::string_view method, std::string_view path_template, std::size_t operation) {
  std::string key(path_template);
  auto existing = by_template_.find(key);
  if (existing == by_template_.end()) {
    Route route;
    route.path_template = key;
    route.segments = parse(path_template);
    route.literal_count = static_cast<int>(std::count_if(route.segments.begin(), route.segments.end(),
                                                         [](const Segment& s) { return !s.templated; }));
    // More literal segments first: /pets/mine beats /pets/{id}. After the last route with at least
    // as many literals, so routes with as many keep the order they were added in.
    auto& bucket = by_length_[route.segments.size()];
    auto at = std::upper_bound(bucket.begin(), bucket.end(), route.literal_count,
                               [&](int count, std::size_t index) { return count > routes_[index].literal_count; });
    bucket.insert(at, routes_.size());
    existing = by_template_.emplace(std::move(key), routes_.size()).first;
    routes_.push_back(std::move(route));
  }
  routes_[existing->second].methods[upper(method)] = operation;
}

bool Router::match_route(const Route& route, const std::vector<std::string>& raw,
                         const std::vector<std::string>& decoded, std::map<std::string, std::string>& params) {
  if (route.segments.size() != raw.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const Segment& segment = route.segments[i];
    if (!segment.templated) {
      if (decoded[i] != segment.literal) return false;
      continue;
    }
    const std::string& part = raw[i];
    if (part.size() <= segment.prefix.size() + segment.suffix.size()) return false;
    if (part.compare(0, segment.prefix.size(), segment.prefix) != 0) return false;
    if (part.compare(part.size() - segment.suffix.size(), segment.suffix.size(), segment.suffix) != 0) return false;
    params[segment.param] =
        percent_decode(part.substr(segment.prefix.size(), part.size() - segment.prefix.size() - segment.suffix.size()));
  }
  return true;
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  std::string_view bare = path.substr(0, path.find('?'));
  auto parts = split_path(bare);
  auto bucket = by_length_.find(parts.size());
  if (bucket == by_length_.end()) return {};
  std::vector<std::string> decoded;
  decoded.reserve(parts.size());
  for (const auto& part : parts) decoded.push_back(percent_decode(part));
  const std::string wanted = upper(method);
  RouteMatch result;
  std::map<std::string, std::string> params;
  for (std::size_t index : bucket->second) {
    const Route& route = routes_[index];
    if (!match_route(route, parts, decoded, params)) continue;
    auto found = route.methods.find(wanted);
    // HEAD is answered wherever GET is (RFC 9110 section 9.3.2).
    if (found == route.methods.end() && wanted == "HEAD") found = route.methods.find("GET");
    if (found != route.methods.end()) {
      return {RouteMatch::Kind::found, found->second, route.path_template, params, {}};
    }
    if (result.kind == RouteMatch::Kind::not_found) {
      result.kind = RouteMatch::Kind::method_not_allowed;
      result.path_template = route.path_template;
      for (const auto& [m, op] : route.methods) result.allowed.push_back(m);
      if (route.methods.count("GET") && !route.methods.count("HEAD")) result.allowed.push_back("HEAD");
      std::sort(result.allowed.begin(), result.allowed.end());
    }
  }
  return result;
}

}  // namespace sonde::mock
