#pragma once
/// The bridge between the trace and the DNSSEC validator: the trace's zone cuts and referrals, and
/// the tracer itself to fetch the DNSKEY and DS sets the trace did not bring.
#include "core/dns/dnssec/report.hpp"
#include "core/dns/trace.hpp"
#include "core/dns/tracer.hpp"

namespace sonde::dns {

/// Validates `result` (a trace made with opts.dnssec); the validation's queries are appended to
/// result.dnssec_steps. An Error only when libcrypto cannot be loaded.
Result<dnssec::Report> validate_trace(TraceResult& result, Tracer& tracer, const TraceOptions& opts);

}  // namespace sonde::dns
