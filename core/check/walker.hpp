#pragma once
/// Internal to core/check: the state of one validation walk: the instance path (kept as tokens and
/// only turned into a JSON pointer when a violation is recorded), the sink of violations, and the
/// quick mode used inside anyOf/oneOf/not/if, where only the verdict matters.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/check/regex_search.hpp"
#include "core/check/schema.hpp"
#include "core/check/validator.hpp"

namespace sonde::check::detail {

/// The work one validation may do, counted in evaluations (one schema node applied to one value),
/// shared by every walker of that validation. allOf/anyOf/oneOf over shared $refs multiply the
/// work: {"allOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/a"}]} nested 30 deep is 2^30
/// evaluations of one value, so a hostile description could stall a check for hours. Past the
/// limit the walk stops, and one violation says the body was not fully checked.
struct Budget {
  std::uint64_t limit = 0;
  std::uint64_t used = 0;
  bool exhausted = false;
  ValidationResult* result = nullptr;  ///< where exhaustion is recorded, even from quick mode
  /// Backtracking `pattern` steps left beyond each search's per-character allowance.
  std::uint64_t pattern_steps = k_pattern_shared_steps;
};

class Walker {
 public:
  Walker(const ValidationOptions& options, ValidationResult* sink, Budget* budget)
      : options_(options), sink_(sink), budget_(budget) {}
  const ValidationOptions& options() const { return options_; }
  Budget* budget() const { return budget_; }
  /// Counts one evaluation of `node`; false once the budget is spent (the first time, the
  /// violation saying so is recorded).
  bool spend(const Node& node);
  /// In quick mode violations are not recorded and checks stop at the first failure.
  bool quick() const { return sink_ == nullptr; }
  /// Records a violation of `keyword` of `node` at the current instance location; returns false.
  bool fail(const Node& node, std::string_view keyword, std::string expected, std::string actual);
  /// Like fail() with a schema pointer of its own (a sub-keyword such as required/name).
  bool fail_at(std::string schema_pointer, std::string_view keyword, std::string expected, std::string actual);
  void push_key(std::string_view key) { path_.push_back({key, 0, false}); }
  void push_index(std::size_t index) { path_.push_back({{}, index, true}); }
  void pop() { path_.pop_back(); }
  std::string pointer() const;
  /// A `pattern` that could not be evaluated (input too long for the regex engine).
  void note_unchecked_pattern() {
    if (sink_) ++sink_->unchecked_patterns;
  }

  /// Switches to quick mode for the lifetime of the scope.
  class Quiet {
   public:
    explicit Quiet(Walker& w) : w_(w), saved_(w.sink_) { w.sink_ = nullptr; }
    ~Quiet() { w_.sink_ = saved_; }
    Quiet(const Quiet&) = delete;
    Quiet& operator=(const Quiet&) = delete;

   private:
    Walker& w_;
    ValidationResult* saved_;
  };

  /// Nested validate_node calls; a schema that refers to itself without descending into the
  /// instance ({"$ref": "#"}) would otherwise recurse until the stack overflows.
  int depth = 0;

  /// Resources with `$dynamicAnchor`s entered so far, outermost first (the dynamic scope).
  std::vector<const DynamicScope*> scopes;

  /// Discriminator dispatches in progress (node, instance), so allOf inheritance cannot loop.
  std::vector<std::pair<const Node*, std::uint32_t>> dispatching;

 private:
  struct Token {
    std::string_view key;
    std::size_t index;
    bool is_index;
  };
  const ValidationOptions& options_;
  ValidationResult* sink_;
  Budget* budget_;
  std::vector<Token> path_;
};

}  // namespace sonde::check::detail
