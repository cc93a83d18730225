#pragma once
/// The cases of the examples, coverage and fuzzing phases for one operation (the stateful phase
/// builds its sequences from responses: stateful.hpp). Deterministic for a seed.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/check/generate/case.hpp"
#include "core/check/generate/random_instance.hpp"
#include "core/check/generate/rng.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::check::generate {

struct PlanOptions {
  std::set<Phase> phases;
  std::uint64_t seed = 0;
  std::size_t max_examples = 10;  ///< fuzzing: random cases per operation
  bool include_unsafe = false;    ///< unsupported-method cases may use PUT, PATCH, POST, DELETE
};

class Planner {
 public:
  Planner(const openapi::Document& doc, const openapi::View& view, PlanOptions options)
      : doc_(doc), view_(view), options_(std::move(options)) {}

  /// Tells whether a case's request is valid once serialised (the request validator). Without
  /// it every baseline is taken as valid.
  void set_validity(std::function<bool(const Case&)> valid) { valid_ = std::move(valid); }

  /// The baseline of `op`: required parameters and the body from examples, else the smallest
  /// values. When the validator refuses it (a pattern the deterministic generator does not
  /// invert), seeded random values are tried; nullopt when none is valid.
  std::optional<Values> baseline(const openapi::Operation& op);

  /// Every case of the chosen phases for `op`, in a fixed order.
  std::vector<Case> cases(const openapi::Operation& op);

  /// One case per documented path that sends a method the path does not document (GET when
  /// missing; else, with include_unsafe, the first of PATCH, PUT, POST, DELETE missing).
  std::vector<Case> unsupported_methods(const std::vector<const openapi::Operation*>& chosen);

  /// Patterns the fuzzing phase could not invert.
  const std::set<std::string>& unsupported_patterns() const { return unsupported_patterns_; }
  /// Operations without a valid baseline (their coverage cases were not generated).
  const std::vector<std::string>& without_baseline() const { return without_baseline_; }

 private:
  void examples(const openapi::Operation& op, const Values& base, std::vector<Case>& out);
  void coverage(const openapi::Operation& op, const Values& base, std::vector<Case>& out);
  void fuzzing(const openapi::Operation& op, std::vector<Case>& out);
  Values first_baseline(const openapi::Operation& op);
  std::optional<Values> random_values(const openapi::Operation& op, Rng& rng, RandomInstance& random, bool all_params);

  const openapi::Document& doc_;
  const openapi::View& view_;
  PlanOptions options_;
  std::set<std::string> unsupported_patterns_;
  std::vector<std::string> without_baseline_;
  std::function<bool(const Case&)> valid_;
  std::map<const openapi::Operation*, std::optional<Values>> baselines_;
};

/// The JSON media type of a request body: application/json, else the first +json one; empty
/// when the body has none (such bodies are not generated yet).
std::string json_media_type(const openapi::RequestBody& body);

/// Whether `op` needs credentials: a security requirement without an empty alternative.
bool requires_auth(const openapi::Operation& op);

}  // namespace sonde::check::generate
