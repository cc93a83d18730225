#include "core/timing/hop_plan.hpp"

#include "core/timing/target.hpp"
#include "core/util/redaction.hpp"

namespace sonde::timing {

namespace {

std::string header_name(const std::string& line) {
  auto end = line.find_first_of(":;");
  return end == std::string::npos ? line : line.substr(0, end);
}

}  // namespace

bool same_origin(const std::string& a, const std::string& b) {
  auto ta = parse_target(a);
  auto tb = parse_target(b);
  if (!ta || !tb) return false;
  return ta->scheme == tb->scheme && iequals_ascii(ta->host, tb->host) && ta->port == tb->port;
}

HopPlan::HopPlan(const RequestOptions& options, Clock::time_point start)
    : options_(options), deadline_(start + options.timeout), url_(options.url),
      method_(!options.method.empty() ? options.method : options.body ? "POST" : "GET"),
      headers_(options.headers) {}

Result<std::chrono::milliseconds> HopPlan::budget(Clock::time_point now) const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
  if (left.count() > 0) return left;
  return fail(ErrorKind::runtime,
              "timeout: the run did not finish within " + std::to_string(options_.timeout.count()) + " ms (" +
                  std::to_string(followed_) + " redirects followed)",
              url_, "--timeout covers every hop of a run; a redirect loop ends there");
}

bool HopPlan::follow(long status, const std::string& location) {
  if (!is_redirect(status) || location.empty() || followed_ >= options_.max_redirs) return false;
  if (!options_.location_trusted && !same_origin(url_, location)) {
    static const Redactor policy;
    std::erase_if(headers_, [&](const std::string& line) {
      const std::string name = header_name(line);
      if (!policy.is_secret(name)) return false;
      dropped_.push_back(name);
      return true;
    });
  }
  std::string next_method = method_after_redirect(status, method_);
  if (next_method != method_) send_body_ = false;
  method_ = std::move(next_method);
  url_ = location;
  ++followed_;
  return true;
}

}  // namespace sonde::timing
