#pragma once
/// What every request reader returns: the requests in file order and the warnings it has for the
/// user (each naming file:line).
#include <string>
#include <vector>

#include "core/replay/request.hpp"

namespace sonde::replay {

struct ReadResult {
  std::vector<Request> requests;
  std::vector<std::string> warnings;
};

}  // namespace sonde::replay
