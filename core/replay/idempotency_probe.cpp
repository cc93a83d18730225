#include "core/replay/idempotency_probe.hpp"

#include <charconv>
#include <latch>
#include <set>
#include <thread>

#include "core/replay/idempotency_key.hpp"

namespace sonde::replay {

namespace {

// What identifies "the resource a response talks about": status, Location and body.
struct Fingerprint {
  int status = 0;
  std::string location;
  std::string body;
  auto operator<=>(const Fingerprint&) const = default;
};

Fingerprint fingerprint(const Response& r) {
  return {r.status, header_value(r.headers, "Location").value_or(""), r.body};
}

std::string describe(const SendResult& r) {
  if (!r) return "no response (" + r.error().message + ")";
  std::string text = std::to_string(r->status);
  if (auto location = header_value(r->headers, "Location")) text += ", Location: " + *location;
  return text;
}

bool is_2xx(const SendResult& r) { return r && r->status >= 200 && r->status < 300; }

SendResult send_with_key(Sender& sender, Request request, const std::string& key, const ProbeOptions& options) {
  set_header(request.headers, "Idempotency-Key", key);
  return sender.send(request, options.timeout);
}

std::optional<long long> read_count(Sender& sender, const ProbeOptions& options) {
  if (options.count_url.empty()) return std::nullopt;
  Request get;
  get.url = options.count_url;
  auto r = sender.send(get, options.timeout);
  if (!r || r->status != 200) return std::nullopt;
  // A bare number, or the first number in a small JSON document such as {"count": 3}.
  auto digit = r->body.find_first_of("0123456789");
  if (digit == std::string::npos) return std::nullopt;
  long long value = 0;
  std::from_chars(r->body.data() + digit, r->body.data() + r->body.size(), value);
  return value;
}

ProbeStep same_body_step(const SendResult& first, const SendResult& again) {
  ProbeStep step{"same-key-same-body", Verdict::pass, ""};
  if (!again || again->status >= 500) {
    return {step.name, Verdict::inconclusive, "replay got " + describe(again)};
  }
  if (again->status == 409) {
    return {step.name, Verdict::warn, "replay got 409: the server refuses a finished key instead of replaying it"};
  }
  if (fingerprint(*again) != fingerprint(*first)) {
    return {step.name, Verdict::fail,
            "replay got " + describe(again) + " where the first request got " + describe(first) +
                (is_2xx(again) ? ": a second resource was created" : "")};
  }
  auto replayed = header_value(again->headers, "Idempotent-Replayed");
  step.evidence = "same status, body and Location (" + describe(again) + ")" +
                  (replayed ? "; Idempotent-Replayed: " + *replayed : "; no Idempotent-Replayed header");
  return step;
}

ProbeStep different_body_step(const SendResult& first, const SendResult& other) {
  const std::string name = "same-key-different-body";
  if (!other) return {name, Verdict::inconclusive, "got " + describe(other)};
  if (other->status == 422 || other->status == 400) {
    return {name, Verdict::pass, "a different body with the same key got " + std::to_string(other->status)};
  }
  if (fingerprint(*other) == fingerprint(*first)) {
    return {name, Verdict::warn, "a different body with the same key got the original response back: the key is not "
                                 "bound to a request fingerprint (expected 422)"};
  }
  if (is_2xx(other)) {
    return {name, Verdict::fail, "a different body with the same key got " + describe(other) +
                                     ": a new resource under a used key (expected 422)"};
  }
  return {name, Verdict::warn, "a different body with the same key got " + describe(other) + " (expected 422 or 400)"};
}

struct RoundResult {
  std::vector<SendResult> responses;
  std::optional<long long> delta;
};

// A body that differs in content, not only in whitespace a server might normalise away.
std::string different_body(const std::string& body) {
  if (body.empty() || body == "{}") return R"({"sonde_probe":"different"})";
  if (body.front() == '{') return R"({"sonde_probe":"different",)" + body.substr(1);
  return body + "&sonde_probe=different";
}

RoundResult concurrent_round(Sender& sender, const ProbeOptions& options, const std::string& key) {
  RoundResult round;
  auto before = read_count(sender, options);
  round.responses.resize(static_cast<std::size_t>(options.concurrency),
                         std::unexpected(net::TransferError{net::TransferFailure::other, "not sent"}));
  std::latch go(options.concurrency);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < round.responses.size(); ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();  // release all copies together so they overlap on the server
      round.responses[i] = send_with_key(sender, options.request, key, options);
    });
  }
  for (auto& t : threads) t.join();
  auto after = read_count(sender, options);
  if (before && after) round.delta = *after - *before;
  return round;
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::warn: return "warn";
    case Verdict::fail: return "fail";
    case Verdict::inconclusive: break;
  }
  return "inconclusive";
}

namespace {

ProbeStep concurrent_step(Sender& sender, const ProbeOptions& options, RandomSource& random, int& creating_keys) {
  const std::string name = "concurrent-same-key";
  std::string evidence;
  Verdict verdict = Verdict::pass;
  for (int r = 0; r < options.rounds; ++r) {
    RoundResult round = concurrent_round(sender, options, uuid_v4(random));
    std::set<Fingerprint> created;
    int conflicts = 0, other = 0;
    for (const auto& resp : round.responses) {
      if (is_2xx(resp)) created.insert(fingerprint(*resp));
      else if (resp && resp->status == 409) ++conflicts;
      else ++other;
    }
    if (!created.empty()) ++creating_keys;
    std::string line = "round " + std::to_string(r + 1) + ": " + std::to_string(created.size()) + " distinct 2xx, " +
                       std::to_string(conflicts) + "x 409, " + std::to_string(other) + " other";
    if (round.delta) line += ", count +" + std::to_string(*round.delta);
    evidence += (evidence.empty() ? "" : "; ") + line;
    if (created.size() > 1 || (round.delta && *round.delta > 1)) verdict = Verdict::fail;
    else if (created.empty() && verdict == Verdict::pass) verdict = Verdict::inconclusive;
    else if (other > 0 && verdict == Verdict::pass) verdict = Verdict::warn;
  }
  return {name, verdict, std::to_string(options.concurrency) + " concurrent copies per key: " + evidence};
}

Verdict overall(const std::vector<ProbeStep>& steps) {
  bool warn = false, inconclusive = false;
  for (const auto& s : steps) {
    if (s.verdict == Verdict::fail) return Verdict::fail;
    warn = warn || s.verdict == Verdict::warn;
    // Step 5 without --count-url leaves the rest of the evidence standing.
    inconclusive = inconclusive || (s.verdict == Verdict::inconclusive && s.name != "side-effect-count");
  }
  if (warn) return Verdict::warn;
  return inconclusive ? Verdict::inconclusive : Verdict::pass;
}

}  // namespace

ProbeReport probe_idempotency(const ProbeOptions& options, Sender& sender, RandomSource& random) {
  ProbeReport report;
  auto count_before = read_count(sender, options);
  const std::string k1 = uuid_v4(random);
  SendResult first = send_with_key(sender, options.request, k1, options);
  if (!is_2xx(first)) {
    report.unreachable = !first;
    report.steps.push_back({"first-request", Verdict::inconclusive, "expected a 2xx, got " + describe(first)});
    report.verdict = Verdict::inconclusive;
    return report;
  }
  report.steps.push_back({"first-request", Verdict::pass, "key " + k1 + ": " + describe(first)});
  report.steps.push_back(same_body_step(first, send_with_key(sender, options.request, k1, options)));
  Request changed = options.request;
  changed.body = different_body(options.request.body);
  SendResult other = send_with_key(sender, changed, k1, options);
  report.steps.push_back(different_body_step(first, other));
  int creating_keys = 1;  // K1; a second resource under K1 shows up as a surplus in step 5
  report.steps.push_back(concurrent_step(sender, options, random, creating_keys));
  auto count_after = read_count(sender, options);
  if (!count_before || !count_after) {
    report.steps.push_back({"side-effect-count", Verdict::inconclusive,
                            options.count_url.empty() ? "no --count-url given" : "could not read a number from --count-url"});
  } else {
    long long delta = *count_after - *count_before;
    bool ok = delta == creating_keys;
    report.steps.push_back({"side-effect-count", ok ? Verdict::pass : Verdict::fail,
                            "count went from " + std::to_string(*count_before) + " to " + std::to_string(*count_after) +
                                " (+" + std::to_string(delta) + "), expected +" + std::to_string(creating_keys) +
                                " (one per key)"});
  }
  report.verdict = overall(report.steps);
  return report;
}

}  // namespace sonde::replay
