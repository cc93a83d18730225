#pragma once
/// `--check-idempotency`: a conformance sequence that tells whether an endpoint honours
/// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header, Stripe's behaviour):
///   1 first-request            B with key K1 must succeed (2xx)
///   2 same-key-same-body       B again with K1: same status, body and Location
///   3 same-key-different-body  B' with K1: 422 (the draft) or 400; the original back is a warning
///                              (no fingerprint); a new resource is a failure
///   4 concurrent-same-key      N concurrent copies with a fresh key, several rounds: one side
///                              effect, the others 409 or identical replays
///   5 side-effect-count        the --count-url delta equals the number of keys that created something
#include <string>
#include <vector>

#include "core/replay/random_source.hpp"
#include "core/replay/request.hpp"
#include "core/replay/sender.hpp"

namespace sonde::replay {

enum class Verdict { pass, warn, fail, inconclusive };

/// "pass", "warn", "fail", "inconclusive".
std::string_view verdict_name(Verdict verdict);

struct ProbeOptions {
  Request request;        ///< method, URL, headers and body B (any Idempotency-Key is replaced)
  std::string count_url;  ///< GET returns the number of created resources; empty: step 5 inconclusive
  int concurrency = 5;    ///< copies per round in step 4
  int rounds = 3;         ///< rounds in step 4
  Duration timeout = std::chrono::seconds(10);  ///< per request
};

struct ProbeStep {
  std::string name;  ///< stable kebab-case id, e.g. "same-key-same-body"
  Verdict verdict = Verdict::inconclusive;
  std::string evidence;  ///< one line: what was sent and seen
};

struct ProbeReport {
  Verdict verdict = Verdict::inconclusive;
  std::vector<ProbeStep> steps;
  bool unreachable = false;  ///< the first request got no response at all
};

/// Runs the five steps. `sender` is called from several threads at once in step 4.
ProbeReport probe_idempotency(const ProbeOptions& options, Sender& sender, RandomSource& random);

}  // namespace sonde::replay
