#pragma once
/// One generated test case of `sonde check --generate`: the values a request carries before they
/// are serialised, what the case expects of the server beyond the response contract, and where it
/// came from (phase and a one-line label such as "query limit = 100 (maximum)").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/openapi/view.hpp"

namespace sonde::check::generate {

enum class Phase { examples, coverage, fuzzing, stateful };

std::string_view phase_name(Phase phase);
std::optional<Phase> phase_from(std::string_view name);

/// What a case asserts beyond the response contract.
enum class Intent {
  positive,            ///< a valid request: must not be rejected as invalid (400/422)
  negative,            ///< breaks one constraint: must not be accepted (2xx)
  missing_header,      ///< a required header parameter left out: must get a 4xx
  unsupported_method,  ///< a method the path does not document: must get 405 and Allow
  no_auth,             ///< credentials left out: must get 401/403
};

/// The values of one request: one slot per parameter of the operation (same order as
/// openapi::Operation::parameters; nullopt leaves the parameter out) and the body.
struct Values {
  std::vector<std::optional<nlohmann::json>> params;
  std::optional<nlohmann::json> body;  ///< serialised as JSON in `media_type`
  std::string media_type;              ///< of the body; empty when there is none
  std::optional<std::string> raw_body;  ///< sent as is instead of `body` (malformed JSON)
};

struct Case {
  const openapi::Operation* op = nullptr;
  std::string method;  ///< op->method, or another one for Intent::unsupported_method
  Phase phase = Phase::coverage;
  Intent intent = Intent::positive;
  std::string label;  ///< what varies, e.g. "body price = -0.01 (below minimum 0)"
  Values values;
  bool without_auth = false;  ///< credentials (-H headers named by security schemes) left out
  std::string left_out_header{};  ///< Intent::missing_header: the header, also when -H gives it
};

}  // namespace sonde::check::generate
