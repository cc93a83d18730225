#include "core/check/generate/shrink.hpp"

#include <algorithm>

#include "core/check/generate/boundaries.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check::generate {

namespace {

using nlohmann::json;

struct Candidate {
  Values values;
  std::string what;  ///< "without body/tags", "body/name shorter"
};

// Smaller versions of one JSON value, most drastic first.
std::vector<std::pair<json, std::string>> smaller(const json& v) {
  std::vector<std::pair<json, std::string>> out;
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (!s.empty()) out.emplace_back(json(""), "empty");
    if (s.size() > 1) out.emplace_back(json(s.substr(0, s.size() / 2)), "shorter");
  } else if (v.is_number_integer()) {
    auto n = v.get<std::int64_t>();
    if (n != 0) out.emplace_back(json(0), "0");
    if (n > 1 || n < -1) out.emplace_back(json(n / 2), "halved");
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (d != 0) out.emplace_back(json(0), "0");
    if (d != static_cast<double>(static_cast<std::int64_t>(d))) out.emplace_back(json(static_cast<std::int64_t>(d)), "whole");
  } else if (v.is_array() && !v.empty()) {
    out.emplace_back(json::array(), "empty");
    if (v.size() > 1) out.emplace_back(json::array({v[0]}), "one item");
  }
  return out;
}

void body_candidates(const Values& base, const json& value, const std::string& where, json::json_pointer ptr,
                     int depth, std::vector<Candidate>& out) {
  if (!value.is_object() || depth > 2) return;
  for (const auto& [key, child] : value.items()) {
    auto child_ptr = ptr / key;
    Values without = base;
    without.body->at(ptr).erase(key);
    out.push_back({std::move(without), "without " + where + "/" + key});
    for (auto& [v, how] : smaller(child)) {
      Values c = base;
      (*c.body)[child_ptr] = v;
      out.push_back({std::move(c), where + "/" + key + " " + how});
    }
    body_candidates(base, child, where + "/" + key, child_ptr, depth + 1, out);
  }
}

std::vector<Candidate> candidates(const Case& c) {
  std::vector<Candidate> out;
  const auto& params = c.op->parameters;
  for (std::size_t i = 0; i < params.size() && i < c.values.params.size(); ++i) {
    if (!c.values.params[i]) continue;
    // A shorter Idempotency-Key could collide with another case's key: never varied.
    if (params[i].in == "header" && iequals_ascii(params[i].name, "Idempotency-Key")) continue;
    std::string where = params[i].in + " " + params[i].name;
    if (!params[i].required && params[i].in != "path") {
      Values v = c.values;
      v.params[i].reset();
      out.push_back({std::move(v), "without " + where});
    }
    for (auto& [value, how] : smaller(*c.values.params[i])) {
      Values v = c.values;
      v.params[i] = value;
      out.push_back({std::move(v), where + " " + how});
    }
  }
  if (c.values.body && !c.values.raw_body) body_candidates(c.values, *c.values.body, "body", json::json_pointer(), 0, out);
  return out;
}

bool fails(const Outcome& o, const std::string& check) {
  return std::any_of(o.verdicts.begin(), o.verdicts.end(), [&](const Verdict& v) { return v.check == check; });
}

}  // namespace

Shrunk shrink(Executor& executor, LiveClient& client, const Case& failing, const Outcome& outcome,
              const std::string& check, std::size_t budget) {
  Shrunk best{failing, outcome, 0, 0};
  bool progress = true;
  while (progress && best.requests < budget) {
    progress = false;
    for (auto& candidate : candidates(best.c)) {
      if (best.requests >= budget) break;
      Case next = best.c;
      next.values = std::move(candidate.values);
      auto request = serialize(next, executor.target());
      if (!executor.confirmed(next, request)) continue;
      ++best.requests;
      auto result = executor.run(client, next, request);
      if (!result.response || !fails(result, check)) continue;
      next.label = best.c.label + (best.steps ? ", " : "; shrunk: ") + candidate.what;
      best.c = std::move(next);
      best.outcome = std::move(result);
      ++best.steps;
      progress = true;
      break;
    }
  }
  return best;
}

}  // namespace sonde::check::generate
