#pragma once
/// What every request reader returns: the requests in file order and the warnings it has for the
/// user (each naming file:line).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/replay/request.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

struct ReadResult {
  ReadResult() = default;
  // Keeps `ReadResult{{request}, {}}` working in every reader now that the struct has a third field.
  ReadResult(std::vector<Request> requests_in, std::vector<std::string> warnings_in)
      : requests(std::move(requests_in)), warnings(std::move(warnings_in)) {}

  std::vector<Request> requests;
  std::vector<std::string> warnings;
  /// Set when a request of the file could not be built (the others are in `requests`): the
  /// caller sends the others, then fails with this error.
  std::optional<Error> unsent;
};

}  // namespace sonde::replay
