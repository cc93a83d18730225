#pragma once
/// Which checks a response fails, given the case that produced it: the response contract (from
/// ContractChecker's violations) and what the case's intent expects of the status.
#include <set>
#include <string>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/check/generate/case.hpp"

namespace sonde::check::generate {

struct Verdict {
  std::string check;    ///< a check_id
  std::string message;  ///< one line
};

/// The failed checks among `enabled`, in the order of all_checks(). `contract` is the response
/// checked against the case's operation (nullptr for an unsupported method, which has none).
std::vector<Verdict> judge(const Case& c, const HttpExchange& exchange, const ExchangeResult* contract,
                           const std::set<std::string>& enabled);

}  // namespace sonde::check::generate
