// allOf, anyOf, oneOf, not, if/then/else, dependentSchemas. Branches of anyOf/oneOf/not/if run in quick mode (only
// the verdict counts); when nothing matches, the closest branch's first violation is quoted.
#include "core/check/keyword_family.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check::detail {

namespace {

Result<void> compile_list(const Json& schema, const char* keyword, std::vector<const Node*>& out, Node& node,
                          SchemaCompiler& compiler) {
  auto it = schema.find(keyword);
  if (it == schema.end()) return {};
  if (!it->is_array() || it->empty()) return schema_error(node, keyword, "must be a non-empty array of schemas");
  std::string base = json_pointer::append(node.pointer, keyword);
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto sub = compiler.compile((*it)[i], base + "/" + std::to_string(i));
    if (!sub) return std::unexpected(sub.error());
    out.push_back(*sub);
  }
  return {};
}

Result<const Node*> compile_one(const Json& schema, const char* keyword, Node& node, SchemaCompiler& compiler) {
  auto it = schema.find(keyword);
  if (it == schema.end()) return nullptr;
  return compiler.compile(*it, json_pointer::append(node.pointer, keyword));
}

// For the message when no branch matches: the branch with the fewest violations and its first one.
std::string closest(const std::vector<const Node*>& branches, JsonValue value, Walker& w) {
  std::size_t best = SIZE_MAX;
  std::string text;
  for (const Node* b : branches) {
    ValidationResult scratch;
    Walker probe(w.options(), &scratch, w.budget());  // the same budget: probes can multiply too
    probe.depth = w.depth;                            // and the same depth limit
    validate_node(*b, value, probe, nullptr);
    std::size_t count = scratch.violations.size() + scratch.omitted;
    if (count < best && !scratch.violations.empty()) {
      best = count;
      const Violation& v = scratch.violations.front();
      text = "closest " + b->pointer + ": " + (v.pointer.empty() ? "" : v.pointer + " ") + v.message();
    }
  }
  return text;
}

bool any_of(const Node& node, const std::vector<const Node*>& branches, JsonValue value, Walker& w,
            Evaluated* evaluated, bool exactly_one) {
  std::size_t passed = 0;
  std::string which;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    Evaluated local;
    bool ok;
    {
      Walker::Quiet quiet(w);
      ok = validate_node(*branches[i], value, w, evaluated ? &local : nullptr);
    }
    if (!ok) continue;
    ++passed;
    which += (which.empty() ? "" : ", ") + std::to_string(i);
    if (evaluated) evaluated->insert(evaluated->end(), local.begin(), local.end());
    if (!exactly_one && !evaluated) break;  // the verdict is known and no annotations are needed
  }
  const char* keyword = exactly_one ? "oneOf" : "anyOf";
  std::string n = std::to_string(branches.size());
  if (passed == 0) {
    if (w.quick()) return false;
    return w.fail(node, keyword, exactly_one ? "exactly one of " + n + " schemas" : "at least one of " + n + " schemas",
                  "none matched; " + closest(branches, value, w));
  }
  if (exactly_one && passed > 1) {
    return w.fail(node, keyword, "exactly one of " + n + " schemas", "matched " + std::to_string(passed) + " (branches " + which + ")");
  }
  return true;
}

}  // namespace

Result<void> compile_combinators(const Json& schema, Node& node, SchemaCompiler& compiler) {
  CombinatorKeywords k;
  if (auto r = compile_list(schema, "allOf", k.all_of, node, compiler); !r) return r;
  if (auto r = compile_list(schema, "anyOf", k.any_of, node, compiler); !r) return r;
  if (auto r = compile_list(schema, "oneOf", k.one_of, node, compiler); !r) return r;
  for (auto [keyword, field] : {std::pair{"not", &k.not_}, std::pair{"if", &k.if_}, std::pair{"then", &k.then_},
                                std::pair{"else", &k.else_}}) {
    auto sub = compile_one(schema, keyword, node, compiler);
    if (!sub) return std::unexpected(sub.error());
    *field = *sub;
  }
  if (auto deps = schema.find("dependentSchemas"); deps != schema.end() && deps->is_object()) {
    std::string base = json_pointer::append(node.pointer, "dependentSchemas");
    for (const auto& [name, sub] : deps->items()) {
      auto compiled = compiler.compile(sub, json_pointer::append(base, name));
      if (!compiled) return std::unexpected(compiled.error());
      k.dependent_schemas.emplace_back(name, *compiled);
    }
  }
  if (!k.all_of.empty() || !k.any_of.empty() || !k.one_of.empty() || k.not_ || k.if_ || !k.dependent_schemas.empty()) {
    node.combinators = std::make_unique<CombinatorKeywords>(std::move(k));
  }
  return {};
}

bool validate_combinators(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  bool ok = true;
  auto note = [&](bool passed) {
    ok = ok && passed;
    return ok || !w.quick();
  };
  bool dispatched = false;
  if (node.discriminator) {
    bool verdict = true;
    dispatched = validate_discriminator(node, value, w, evaluated, verdict);
    if (dispatched && !note(verdict)) return false;
  }
  if (!node.combinators) return ok;
  const CombinatorKeywords& k = *node.combinators;
  for (const Node* branch : k.all_of) {
    if (!note(validate_node(*branch, value, w, evaluated))) return false;
  }
  if (!dispatched && !k.any_of.empty() && !note(any_of(node, k.any_of, value, w, evaluated, false))) return false;
  if (!dispatched && !k.one_of.empty() && !note(any_of(node, k.one_of, value, w, evaluated, true))) return false;
  if (k.not_) {
    bool matched;
    {
      Walker::Quiet quiet(w);
      matched = validate_node(*k.not_, value, w, nullptr);
    }
    if (matched && !note(w.fail(node, "not", "not to match " + k.not_->pointer, value.dump(60)))) return false;
  }
  if (value.type() == JsonType::object) {
    for (const auto& [name, dependent] : k.dependent_schemas) {
      JsonValue ignored{nullptr, 0};
      if (value.find(name, ignored) && !note(validate_node(*dependent, value, w, evaluated))) return false;
    }
  }
  if (k.if_) {
    Evaluated local;
    bool condition;
    {
      Walker::Quiet quiet(w);
      condition = validate_node(*k.if_, value, w, evaluated ? &local : nullptr);
    }
    if (condition && evaluated) evaluated->insert(evaluated->end(), local.begin(), local.end());
    const Node* next = condition ? k.then_ : k.else_;
    if (next && !note(validate_node(*next, value, w, evaluated))) return false;
  }
  return ok;
}

}  // namespace sonde::check::detail
