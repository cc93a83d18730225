#pragma once
/// What one reply means for a trace at a given zone cut: an answer, a negative answer, a referral
/// further down, or a lame server (and which kind).
#include <optional>
#include <string>

#include "core/dns/message.hpp"
#include "core/dns/trace.hpp"

namespace sonde::dns {

enum class Verdict { answer, nxdomain, nodata, referral, lame };

struct Classified {
  Verdict verdict = Verdict::lame;
  std::string problem;              ///< for lame: "lame: REFUSED", ...
  std::optional<Referral> referral;  ///< for referral
};

/// Classifies `reply` to a question for `qname` sent to a server of `zone`. Glue is kept only
/// when it lies inside `zone` (the asked server's bailiwick).
Classified classify(const Message& reply, const std::string& qname, const std::string& zone);

/// True when the reply's question is the one asked (case-insensitive name, same type and class).
bool question_matches(const Message& reply, const std::string& qname, std::uint16_t qtype);

}  // namespace sonde::dns
