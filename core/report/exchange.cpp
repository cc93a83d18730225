#include "core/report/exchange.hpp"

#include "core/util/text_codec.hpp"

namespace sonde::report {

Excerpt excerpt(std::string_view body, std::size_t limit) {
  std::string_view kept = utf8_prefix(body, limit);
  return Excerpt{std::string(kept), body.size(), kept.size() < body.size()};
}

}  // namespace sonde::report
