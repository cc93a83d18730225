#include "core/util/error.hpp"

namespace sonde {

std::string describe(const Error& error) {
  if (error.where.empty()) return error.message;
  return error.message + ": " + error.where;
}

}  // namespace sonde
