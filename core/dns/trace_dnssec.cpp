#include "core/dns/trace_dnssec.hpp"

#include <ctime>

#include "core/dns/dnssec/chain.hpp"
#include "core/dns/root_hints.hpp"

namespace sonde::dns {

namespace {

constexpr std::string_view k_not_real_root =
    "the root hints are not the real root's: the built-in root anchor will not match (use --trust-anchor)";

class TraceSource : public dnssec::Source {
 public:
  TraceSource(TraceResult& result, Tracer& tracer) : result_(result), tracer_(tracer) {}

  Result<Message> ask(const std::string& /*zone*/, const std::string& qname, std::uint16_t qtype) override {
    // resolve() starts at the closest known cut (the parent for DS) and follows referrals.
    Resolution r = tracer_.resolve(qname, qtype, result_.dnssec_steps, 0);
    if (r.verdict == Verdict::lame) return fail(ErrorKind::runtime, r.failure);
    return r.reply;
  }

  std::vector<std::string> cuts() const override { return tracer_.known_cuts(); }

  std::vector<Record> referral_proof(const std::string& zone) const override {
    for (const auto& step : result_.steps) {
      if (step.referral && same_name(step.referral->zone, zone)) return step.proof;
    }
    return {};
  }

 private:
  TraceResult& result_;
  Tracer& tracer_;
};

}  // namespace

Result<dnssec::Report> validate_trace(TraceResult& result, Tracer& tracer, const TraceOptions& opts) {
  dnssec::Answer answer;
  answer.qname = result.name;
  answer.qtype = result.type;
  answer.answer = result.answer;
  answer.authority = result.authority;
  answer.authority.insert(answer.authority.end(), result.denial.begin(), result.denial.end());
  answer.nxdomain = result.rcode == "NXDOMAIN";
  answer.nodata = result.nodata && !answer.nxdomain;
  answer.resolved = !result.failure && !result.rcode.empty();
  TraceSource source(result, tracer);
  const auto now = opts.now.value_or(static_cast<std::uint32_t>(std::time(nullptr)));
  auto report = dnssec::validate(answer, source, opts.anchors, now);
  if (!report) return report;
  const auto builtin = builtin_root_hints();
  const bool real_root = !opts.root_hints.empty() && opts.root_hints.front().name == builtin.front().name;
  if (!real_root && opts.anchors.origin == dnssec::builtin_root_anchor().origin) {
    report->notes.emplace_back(k_not_real_root);
  }
  return report;
}

}  // namespace sonde::dns
