#include "core/mock/exchange.hpp"

namespace sonde::mock {

std::optional<std::string> header_value(const HeaderList& headers, std::string_view name) {
  return check::header_of(headers, name);
}

}  // namespace sonde::mock
