#pragma once
#include <string>
#include <string_view>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/util/error.hpp"
namespace sonde::flow {
class JsonPath {
 public:
  static Result<JsonPath> parse(std::string_view text);
  std::vector<const nlohmann::json*> select(const nlohmann::json& root) const;
  bool singular() const;
  const std::string& text() const;
 private:
  std::string text_;
};
}
