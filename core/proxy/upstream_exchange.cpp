#include "core/proxy/upstream_exchange.hpp"

#include "core/util/redaction.hpp"

namespace sonde::proxy {

std::string UpstreamExchange::shown_url() const { return Redactor().shown_url(url_); }

void UpstreamExchange::feed(std::string_view part) {
  upload_.feed(part);
  upload_more();
}

void UpstreamExchange::end_upload() {
  upload_.end();
  upload_more();
}

}  // namespace sonde::proxy
