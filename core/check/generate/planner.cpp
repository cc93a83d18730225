#include "core/check/generate/planner.hpp"

#include <algorithm>

#include "core/check/generate/boundaries.hpp"
#include "core/check/generate/pattern_strings.hpp"
#include "core/check/generate/random_instance.hpp"
#include "core/check/generate/rng.hpp"
#include "core/openapi/instance_generator.hpp"

namespace sonde::check::generate {

namespace {

using nlohmann::json;

std::string_view kPhaseNames[] = {"examples", "coverage", "fuzzing", "stateful"};

// Every example written for a parameter, media type or schema: `example`, each of `examples`
// (an array, or a map of Example Objects), in document order, with where each came from.
void collect_examples(const openapi::Document& doc, const openapi::Node& holder, const std::string& what,
                      std::vector<std::pair<std::string, json>>& out) {
  if (!holder || !holder->is_object()) return;
  if (auto e = holder->find("example"); e != holder->end()) out.emplace_back(what + " example", e->to_json());
  auto examples = openapi::Document::child(holder, "examples");
  if (!examples) return;
  if (examples->is_array()) {
    for (std::size_t i = 0; i < examples->size(); ++i) out.emplace_back(what + " examples[" + std::to_string(i) + "]", (*examples.value)[i].to_json());
  } else if (examples->is_object()) {
    for (const auto& example_entry : examples->items()) {
      const std::string name(example_entry.key());
      auto resolved = doc.resolve_child(examples, name);
      if (!resolved || !resolved->value || !resolved->value->is_object()) continue;
      if (auto value = resolved->value->find("value"); value != resolved->value->end()) {
        out.emplace_back(what + " example \"" + name + "\"", value->to_json());
      }
    }
  }
}

std::vector<std::pair<std::string, json>> examples_of(const openapi::Document& doc, const openapi::Node& holder,
                                                      const openapi::Node& schema, const std::string& what) {
  std::vector<std::pair<std::string, json>> out;
  collect_examples(doc, holder, what, out);
  if (schema && schema.value != holder.value) {
    if (auto resolved = doc.resolve(schema); resolved && resolved->value) collect_examples(doc, *resolved, what + " schema", out);
  }
  return out;
}

std::uint64_t operation_salt(const openapi::Operation& op) {
  std::uint64_t salt = 1469598103934665603ULL;  // FNV-1a of the operation's name
  for (char ch : op.name()) salt = (salt ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
  return salt;
}

std::string where_of(const openapi::Parameter& p) { return p.in + " " + p.name; }

std::string joined_label(const std::string& where, const std::string& label) {
  return where + (label.starts_with("/") ? label : " " + label);
}

const openapi::MediaType* json_media(const openapi::Operation& op) {
  if (!op.body) return nullptr;
  std::string type = json_media_type(*op.body);
  for (const auto& m : op.body->content) {
    if (m.name == type) return &m;
  }
  return nullptr;
}

}  // namespace

std::string_view phase_name(Phase phase) { return kPhaseNames[static_cast<int>(phase)]; }

std::optional<Phase> phase_from(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    if (kPhaseNames[i] == name) return static_cast<Phase>(i);
  }
  return std::nullopt;
}

std::string json_media_type(const openapi::RequestBody& body) {
  for (const auto& m : body.content) {
    if (m.name == "application/json") return m.name;
  }
  for (const auto& m : body.content) {
    if (m.name.ends_with("+json")) return m.name;
  }
  return {};
}

bool requires_auth(const openapi::Operation& op) {
  return !op.security.empty() &&
         std::none_of(op.security.begin(), op.security.end(), [](const openapi::SecurityRequirement& r) { return r.empty(); });
}

std::optional<Values> Planner::baseline(const openapi::Operation& op) {
  if (auto it = baselines_.find(&op); it != baselines_.end()) return it->second;
  std::optional<Values> found = first_baseline(op);
  auto valid = [&](const Values& v) { return !valid_ || valid_(Case{&op, op.method, Phase::coverage, Intent::positive, "baseline", v}); };
  if (!valid(*found)) {
    found.reset();
    Rng rng(options_.seed ^ operation_salt(op));
    RandomInstance random(doc_, rng);
    for (int attempt = 0; attempt < 20 && !found; ++attempt) {
      auto v = random_values(op, rng, random, false);
      if (v && valid(*v)) found = std::move(v);
    }
    if (!found) without_baseline_.push_back(op.name());
  }
  baselines_[&op] = found;
  return found;
}

Values Planner::first_baseline(const openapi::Operation& op) {
  Values v;
  openapi::InstanceGenerator generator(doc_, {.include_optional = false, .for_response = false, .pattern_string = fixed_string_matching});
  for (const auto& p : op.parameters) {
    if (!p.required && p.in != "path") {
      v.params.emplace_back(std::nullopt);
      continue;
    }
    if (auto e = openapi::example_of(doc_, p.node)) v.params.emplace_back(*e);
    else v.params.emplace_back(generator.generate(p.schema ? p.schema : p.node));
  }
  if (const auto* media = json_media(op)) {
    v.media_type = media->name;
    auto e = openapi::example_of(doc_, media->node);
    v.body = e ? *e : generator.generate(media->schema);
  }
  return v;
}

std::vector<Case> Planner::cases(const openapi::Operation& op) {
  std::vector<Case> out;
  auto base = baseline(op);
  // Without a valid baseline, a varied case would be invalid for reasons its label does not say.
  if (base && options_.phases.count(Phase::examples)) examples(op, *base, out);
  if (base && options_.phases.count(Phase::coverage)) coverage(op, *base, out);
  if (options_.phases.count(Phase::fuzzing)) fuzzing(op, out);
  return out;
}

void Planner::examples(const openapi::Operation& op, const Values& base, std::vector<Case>& out) {
  auto add = [&](Values values, std::string label) {
    out.push_back({&op, op.method, Phase::examples, Intent::positive, std::move(label), std::move(values)});
  };
  for (std::size_t i = 0; i < op.parameters.size(); ++i) {
    const auto& p = op.parameters[i];
    for (auto& [where, value] : examples_of(doc_, p.node, p.schema, where_of(p))) {
      Values v = base;
      v.params[i] = value;
      add(std::move(v), where + " = " + shown(value));
    }
  }
  if (const auto* media = json_media(op)) {
    for (auto& [where, value] : examples_of(doc_, media->node, media->schema, "body")) {
      Values v = base;
      v.body = value;
      add(std::move(v), where);
    }
  }
}

void Planner::coverage(const openapi::Operation& op, const Values& base, std::vector<Case>& out) {
  auto add = [&](Intent intent, Values values, std::string label) {
    out.push_back({&op, op.method, Phase::coverage, intent, std::move(label), std::move(values)});
  };
  add(Intent::positive, base, "required values only");
  Boundaries edges(doc_);
  openapi::InstanceGenerator generator(doc_, {.include_optional = false, .for_response = false, .pattern_string = fixed_string_matching});
  for (std::size_t i = 0; i < op.parameters.size(); ++i) {
    const auto& p = op.parameters[i];
    auto schema = p.schema ? p.schema : p.node;
    json value = base.params[i] ? *base.params[i] : generator.generate(schema);
    if (!base.params[i]) {
      Values v = base;
      v.params[i] = value;
      add(Intent::positive, std::move(v), "with optional " + where_of(p));
    }
    for (auto& variant : edges.positive(schema, value)) {
      Values v = base;
      v.params[i] = std::move(variant.value);
      add(Intent::positive, std::move(v), joined_label(where_of(p), variant.label));
    }
    for (auto& variant : edges.negative(schema, value)) {
      Values v = base;
      v.params[i] = std::move(variant.value);
      add(Intent::negative, std::move(v), joined_label(where_of(p), variant.label));
    }
    if (p.required && p.in != "path") {
      Values v = base;
      v.params[i] = std::nullopt;
      Case c{&op, op.method, Phase::coverage, p.in == "header" ? Intent::missing_header : Intent::negative,
             "without required " + where_of(p), std::move(v)};
      if (p.in == "header") c.left_out_header = p.name;
      out.push_back(std::move(c));
    }
  }
  if (const auto* media = json_media(op)) {
    for (auto& variant : edges.positive(media->schema, *base.body)) {
      Values v = base;
      v.body = std::move(variant.value);
      add(Intent::positive, std::move(v), joined_label("body", variant.label));
    }
    for (auto& variant : edges.negative(media->schema, *base.body)) {
      Values v = base;
      v.body = std::move(variant.value);
      add(Intent::negative, std::move(v), joined_label("body", variant.label));
    }
    Values malformed = base;
    malformed.raw_body = "{\"unterminated\": ";
    add(Intent::negative, std::move(malformed), "body is malformed JSON");
    if (op.body->required) {
      Values none = base;
      none.body.reset();
      none.media_type.clear();
      add(Intent::negative, std::move(none), "without the required body");
    }
  }
  if (requires_auth(op)) {
    Case c{&op, op.method, Phase::coverage, Intent::no_auth, "without credentials", base};
    c.without_auth = true;
    out.push_back(std::move(c));
  }
}

std::optional<Values> Planner::random_values(const openapi::Operation& op, Rng& rng, RandomInstance& random, bool all_params) {
  Values v;
  for (const auto& p : op.parameters) {
    if (!p.required && p.in != "path" && (!all_params || !rng.chance(50))) {
      v.params.emplace_back(std::nullopt);
      continue;
    }
    auto value = random.generate(p.schema ? p.schema : p.node);
    if (!value) return std::nullopt;
    v.params.push_back(std::move(value));
  }
  if (const auto* media = json_media(op)) {
    v.media_type = media->name;
    v.body = random.generate(media->schema);
    if (!v.body) return std::nullopt;
  }
  return v;
}

void Planner::fuzzing(const openapi::Operation& op, std::vector<Case>& out) {
  // One stream per operation, so adding an operation does not change another's cases; distinct
  // from the baseline search's stream.
  Rng rng(options_.seed ^ operation_salt(op) ^ 0x5EED5EED5EED5EEDULL);
  RandomInstance random(doc_, rng);
  for (std::size_t n = 0; n < options_.max_examples; ++n) {
    auto v = random_values(op, rng, random, true);
    if (!v) continue;
    out.push_back({&op, op.method, Phase::fuzzing, Intent::positive, "random case " + std::to_string(n + 1), std::move(*v)});
  }
  unsupported_patterns_.insert(random.unsupported().begin(), random.unsupported().end());
}

std::vector<Case> Planner::unsupported_methods(const std::vector<const openapi::Operation*>& chosen) {
  std::vector<Case> out;
  std::vector<std::string> seen;
  for (const auto* op : chosen) {
    if (std::find(seen.begin(), seen.end(), op->path) != seen.end()) continue;
    seen.push_back(op->path);
    std::set<std::string> documented;
    for (const auto& other : view_.operations) {
      if (other.path == op->path) documented.insert(other.method);
    }
    std::vector<std::string> candidates = {"GET"};
    if (options_.include_unsafe) candidates.insert(candidates.end(), {"PATCH", "PUT", "POST", "DELETE"});
    for (const auto& method : candidates) {
      if (documented.count(method)) continue;
      auto base = baseline(*op);
      Case c{op, method, Phase::coverage, Intent::unsupported_method, method + " is not documented for " + op->path,
             base ? *base : first_baseline(*op)};
      c.values.body.reset();
      c.values.media_type.clear();
      out.push_back(std::move(c));
      break;
    }
  }
  return out;
}

}  // namespace sonde::check::generate
