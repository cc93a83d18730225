#pragma once
// Helpers for the JSONPath tests: run a query and get its nodes back as one JSON array.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "core/flow/jsonpath.hpp"

namespace sonde::test {

/// The values `query` selects from `doc`, as a JSON array; fails the test if the query is invalid.
inline nlohmann::json select(const std::string& query, const nlohmann::json& doc) {
  auto path = sonde::flow::JsonPath::parse(query);
  INFO(query);
  REQUIRE(path.has_value());
  nlohmann::json out = nlohmann::json::array();
  for (const nlohmann::json* node : path->select(doc)) out.push_back(*node);
  return out;
}

/// The parse error message for `query` ("" when it parses).
inline std::string parse_error(const std::string& query) {
  auto path = sonde::flow::JsonPath::parse(query);
  if (path) return "";
  CHECK(path.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(path.error().where.empty());
  return path.error().message;
}

}  // namespace sonde::test
