#include "core/diff/schema_diff.hpp"

#include <algorithm>

#include "core/diff/schema_facets.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::diff {

namespace {

using openapi::Document;
using openapi::Node;

std::string join(const std::set<std::string>& types, const std::string& format) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : "|") + t;
  if (!format.empty()) out += " (" + format + ")";
  return out;
}

// "/components/schemas/Order/properties/x" -> "/components/schemas/Order"; "" when not in a component.
std::string component_prefix(std::string_view pointer) {
  for (std::string_view root : {"/components/schemas/", "/definitions/"}) {
    if (!pointer.starts_with(root)) continue;
    auto end = pointer.find('/', root.size());
    return std::string(pointer.substr(0, end));
  }
  return {};
}

// True only for a boolean true: `readOnly: "yes"` is not a flag (and nlohmann's value() would
// throw on the string, which ended a diff as an internal error; a fuzz finding).
bool flag(const Node& node, const char* key) {
  if (!node || !node->is_object()) return false;
  auto it = node->find(key);
  return it != node->end() && it->is_boolean() && it->get<bool>();
}

bool is_max(std::string_view k) { return k.starts_with("max") || k == "exclusiveMaximum"; }
bool is_min(std::string_view k) { return k.starts_with("min") || k == "exclusiveMinimum"; }

}  // namespace

int SchemaDiff::compare(const Node& base, const Node& rev, Area area, const std::string& label) {
  return compare_at(base, rev, area, label, {});
}

int SchemaDiff::compare_at(const Node& base, const Node& rev, Area area, const std::string& label,
                           const std::string& path) {
  if (!base || !rev) return -1;
  auto b = base_.resolve(base);
  auto r = rev_.resolve(rev);
  if (!b || !r || !*b || !*r) return -1;
  PairKey key{b->value, r->value, static_cast<int>(area)};
  if (auto it = index_.find(key); it != index_.end()) return it->second;
  int id = static_cast<int>(pairs_.size());
  pairs_.emplace_back();
  index_.emplace(key, id);

  Where where{area, label, path, false, *r, {}};
  const std::string at = r->pointer.str();
  std::string prefix = component_prefix(at);
  if (!prefix.empty()) {
    where.component = (r->file == 0 ? "" : rev_.file(r->file).path()) + "#" + prefix;
    if (prefix == at) {
      auto name = json_pointer::unescape(std::string_view(prefix).substr(prefix.rfind('/') + 1));
      where.path = name ? *name : prefix;
      where.named = true;
    }
  }
  diff_pair(id, *b, *r, where);
  return id;
}

std::string SchemaDiff::subject(const Where& where, const std::string& child) const {
  std::string path = where.path;
  if (!child.empty()) path += (path.empty() || child.starts_with("[") ? "" : ".") + child;
  if (path.empty()) return where.label;
  if (child.empty() && where.named) return "schema '" + path + "'";
  return "property '" + path + "'";
}

void SchemaDiff::add(int id, const Where& where, Fact fact, std::string subj, std::string detail, std::string before,
                     std::string after, bool qualifier, std::string suffix) {
  Delta d;
  d.fact = fact;
  d.area = where.area;
  d.qualifier = qualifier;
  d.subject = std::move(subj);
  d.detail = std::move(detail);
  d.before = std::move(before);
  d.after = std::move(after);
  d.location = where.rev.pointer.str() + suffix;
  d.location_file = where.rev.file;
  d.component = where.component;
  pairs_[static_cast<std::size_t>(id)].deltas.push_back(deltas_.size());
  deltas_.push_back(std::move(d));
}

void SchemaDiff::diff_pair(int id, const Node& base, const Node& rev, const Where& where) {
  Facets b = facets_of(base_, base);
  Facets r = facets_of(rev_, rev);
  std::string self = subject(where);
  if (b.nullable != r.nullable) {
    add(id, where, r.nullable ? Fact::became_nullable : Fact::became_not_nullable, self, {}, {}, {});
  }
  if (!b.deprecated && r.deprecated) add(id, where, Fact::became_deprecated, self, {}, {}, {}, false, "/deprecated");
  if (b.default_value && r.default_value ? !openapi::values_equal(*b.default_value, *r.default_value)
                                         : b.default_value != r.default_value) {
    add(id, where, Fact::default_changed, self, {}, b.default_value ? b.default_value->dump() : "none",
        r.default_value ? r.default_value->dump() : "none", false, r.default_value ? "/default" : "");
  }
  diff_discriminator(id, b, r, where);
  // X on one side and oneOf/anyOf [X', ...] on the other: X is one alternative, compare it with its match.
  if (b.alternatives.empty() != r.alternatives.empty()) {
    Facets& lone = b.alternatives.empty() ? b : r;
    if (!lone.types.empty() || !lone.properties.empty()) {
      lone.alternatives = {lone.self};
      diff_alternatives(id, b, r, where);
      return;
    }
  }
  if (!b.types.empty() && !r.types.empty() && (b.types != r.types || (b.format != r.format && !b.format.empty() && !r.format.empty()))) {
    add(id, where, Fact::type_changed, self, {}, join(b.types, b.format), join(r.types, r.format), false, "/type");
    return;  // below a type change, differences in the old shape are noise
  }
  if (b.enum_values && r.enum_values && !openapi::values_identical(*b.enum_values, *r.enum_values)) {
    // Equal lists have nothing to say; others compare as sets of values (order is no change).
    std::set<std::string> bs, rs;
    for (const auto& v : *b.enum_values) bs.insert(v.dump());
    for (const auto& v : *r.enum_values) rs.insert(v.dump());
    for (const auto& v : bs)
      if (!rs.contains(v)) add(id, where, Fact::enum_value_removed, self, v, {}, {}, false, "/enum");
    for (const auto& v : rs)
      if (!bs.contains(v)) {
        add(id, where, Fact::enum_value_added, self, v, {}, {}, r.extensible_enum,
            r.extensible_enum ? "/x-extensible-enum" : "/enum");
      }
  } else if (!b.enum_values != !r.enum_values) {
    std::string count = std::to_string((r.enum_values ? r.enum_values : b.enum_values)->size()) + " values";
    add(id, where, r.enum_values ? Fact::constraint_tightened : Fact::constraint_loosened, self, "enum",
        r.enum_values ? "none" : count, r.enum_values ? count : "none", false, r.enum_values ? "/enum" : "");
  }
  diff_constraints(id, b, r, where);
  diff_properties(id, b, r, where);
  if (!b.closed && r.closed) add(id, where, Fact::additional_properties_closed, self, {}, {}, {}, false, "/additionalProperties");
  if (b.closed && !r.closed) add(id, where, Fact::additional_properties_opened, self, {}, {}, {});
  if (b.additional && r.additional) {
    int child = compare_at(b.additional, r.additional, where.area, where.label, where.path + (where.path.empty() ? "*" : ".*"));
    if (child >= 0) pairs_[static_cast<std::size_t>(id)].children.push_back(child);
  }
  if (b.items && r.items) {
    int child = compare_at(b.items, r.items, where.area, where.label, where.path + "[]");
    if (child >= 0) pairs_[static_cast<std::size_t>(id)].children.push_back(child);
  }
  diff_alternatives(id, b, r, where);
}

void SchemaDiff::diff_constraints(int id, const Facets& b, const Facets& r, const Where& where) {
  std::set<std::string> keys;
  for (const auto& [k, v] : b.constraints) keys.insert(k);
  for (const auto& [k, v] : r.constraints) keys.insert(k);
  for (const auto& k : keys) {
    auto bi = b.constraints.find(k);
    auto ri = r.constraints.find(k);
    const nlohmann::json* bv = bi == b.constraints.end() ? nullptr : &bi->second;
    const nlohmann::json* rv = ri == r.constraints.end() ? nullptr : &ri->second;
    if (bv && rv && *bv == *rv) continue;
    bool tightened;
    if (!bv || !rv) tightened = rv != nullptr;
    else if (is_max(k) && bv->is_number() && rv->is_number()) tightened = rv->get<double>() < bv->get<double>();
    else if (is_min(k) && bv->is_number() && rv->is_number()) tightened = rv->get<double>() > bv->get<double>();
    else tightened = true;
    add(id, where, tightened ? Fact::constraint_tightened : Fact::constraint_loosened, subject(where), k,
        bv ? bv->dump() : "none", rv ? rv->dump() : "none", false, rv ? "/" + k : "");
  }
}

void SchemaDiff::diff_properties(int id, const Facets& b, const Facets& r, const Where& where) {
  bool request = where.area != Area::response && where.area != Area::response_header;
  // readOnly properties are never sent and writeOnly ones never received (OpenAPI 3.0 section 4.7.25).
  auto invisible = [&](const Node& prop, const Document& doc) {
    auto resolved = doc.resolve(prop);
    if (!resolved || !*resolved) return false;
    return request ? flag(*resolved, "readOnly") : flag(*resolved, "writeOnly");
  };
  std::string props = r.self->contains("properties") ? "/properties" : "";
  for (const auto& [name, bp] : b.properties) {
    auto rp = r.properties.find(name);
    if (rp == r.properties.end()) {
      if (!invisible(bp, base_))
        add(id, where, Fact::property_removed, subject(where, name), {}, {}, {}, b.required.contains(name), props);
      continue;
    }
    bool br = b.required.contains(name), rr = r.required.contains(name);
    bool hidden_before = invisible(bp, base_), hidden_now = invisible(rp->second, rev_);
    if (hidden_before != hidden_now) {
      // Hidden: did clients rely on it (required before)? Shown: must clients now send it, or may
      // they count on it (required now)?
      add(id, where, hidden_now ? Fact::property_became_hidden : Fact::property_became_visible, subject(where, name), {},
          {}, {}, hidden_now ? br : rr, props + "/" + json_pointer::escape(name));
    } else if (br != rr && !hidden_now) {
      add(id, where, rr ? Fact::property_became_required : Fact::property_became_optional, subject(where, name), {}, {},
          {}, false, r.self->contains("required") ? "/required" : "");
    }
    int child = compare_at(bp, rp->second, where.area, where.label, where.path + (where.path.empty() ? "" : ".") + name);
    if (child >= 0) pairs_[static_cast<std::size_t>(id)].children.push_back(child);
  }
  for (const auto& [name, rp] : r.properties) {
    if (b.properties.contains(name)) continue;
    bool required = r.required.contains(name) && !invisible(rp, rev_);
    add(id, where, Fact::property_added, subject(where, name), {}, {}, {}, required,
        props + "/" + json_pointer::escape(name));
  }
}

void SchemaDiff::diff_alternatives(int id, const Facets& b, const Facets& r, const Where& where) {
  if (b.alternatives.empty() && r.alternatives.empty()) return;
  std::vector<std::string> bn, rn;
  for (const auto& a : b.alternatives) bn.push_back(alternative_name(base_, a));
  for (const auto& a : r.alternatives) rn.push_back(alternative_name(rev_, a));
  std::vector<int> match(bn.size(), -1);
  std::vector<bool> used(rn.size(), false);
  for (std::size_t i = 0; i < bn.size(); ++i) {
    for (std::size_t j = 0; j < rn.size(); ++j) {
      if (!used[j] && bn[i] == rn[j]) {
        match[i] = static_cast<int>(j);
        used[j] = true;
        break;
      }
    }
  }
  // Then alternatives of the same kind ("object", "string") are the same alternative, changed.
  for (std::size_t i = 0; i < bn.size(); ++i) {
    if (match[i] >= 0) continue;
    std::string kind = alternative_kind(base_, b.alternatives[i]);
    for (std::size_t j = 0; j < rn.size(); ++j) {
      if (!used[j] && alternative_kind(rev_, r.alternatives[j]) == kind) {
        match[i] = static_cast<int>(j);
        used[j] = true;
        break;
      }
    }
  }
  // One alternative left on each side is the same alternative, changed: compare it inside.
  std::vector<std::size_t> lb, lr;
  for (std::size_t i = 0; i < bn.size(); ++i)
    if (match[i] < 0) lb.push_back(i);
  for (std::size_t j = 0; j < rn.size(); ++j)
    if (!used[j]) lr.push_back(j);
  if (lb.size() == 1 && lr.size() == 1) {
    match[lb[0]] = static_cast<int>(lr[0]);
    used[lr[0]] = true;
  }
  std::string self = subject(where);
  for (std::size_t i = 0; i < bn.size(); ++i) {
    if (match[i] < 0) {
      add(id, where, Fact::alternative_removed, self, bn[i], {}, {});
      continue;
    }
    int child = compare_at(b.alternatives[i], r.alternatives[static_cast<std::size_t>(match[i])], where.area,
                           where.label, where.path);
    if (child >= 0) pairs_[static_cast<std::size_t>(id)].children.push_back(child);
  }
  for (std::size_t j = 0; j < rn.size(); ++j)
    if (!used[j]) add(id, where, Fact::alternative_added, self, rn[j], {}, {});
}

std::vector<std::size_t> SchemaDiff::reached(std::span<const int> roots) {
  std::vector<std::size_t> out;
  std::vector<int> visited;
  ++stamp_;
  std::vector<int> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    int p = stack.back();
    stack.pop_back();
    if (p < 0) continue;
    Pair& pair = pairs_[static_cast<std::size_t>(p)];
    if (pair.seen == stamp_ || pair.clean) continue;
    pair.seen = stamp_;
    visited.push_back(p);
    out.insert(out.end(), pair.deltas.begin(), pair.deltas.end());
    stack.insert(stack.end(), pair.children.begin(), pair.children.end());
  }
  // Everything reachable from a visited pair was visited (or is clean): none holds a delta.
  if (out.empty())
    for (int p : visited) pairs_[static_cast<std::size_t>(p)].clean = true;
  return out;
}

// Readers of a polymorphic payload pick the schema by the discriminator's property and mapping:
// renaming the property, or moving, adding or dropping a mapping value, changes what they pick.
// A discriminator added or dropped as a whole is left to the alternatives' own findings.
void SchemaDiff::diff_discriminator(int id, const Facets& b, const Facets& r, const Where& where) {
  auto of = [](const Node& schema) -> const openapi::DocValue* {
    if (!schema || !schema->is_object()) return nullptr;
    auto it = schema->find("discriminator");
    return it != schema->end() && it->is_object() ? &*it : nullptr;
  };
  const openapi::DocValue* bd = of(b.self);
  const openapi::DocValue* rd = of(r.self);
  if (!bd || !rd) return;
  std::string self = subject(where);
  std::string before = string_member(*bd, "propertyName"), after = string_member(*rd, "propertyName");
  if (before != after) add(id, where, Fact::discriminator_changed, self, {}, before, after, false, "/discriminator");
  auto mapping = [](const openapi::DocValue& d) {
    std::map<std::string, std::string> out;
    auto it = d.find("mapping");
    if (it == d.end() || !it->is_object()) return out;
    // A mapping value is a schema name or a reference (OpenAPI 3.0 section 4.7.25): "Dog" and
    // "#/components/schemas/Dog" are the same target and no change.
    for (const auto& entry : it->members()) {
      if (!entry.value().is_string()) continue;
      std::string ref = entry.value().str();
      if (ref.find_first_of("#/") == std::string::npos) ref = "#/components/schemas/" + ref;
      out.emplace(entry.key(), std::move(ref));
    }
    return out;
  };
  auto bm = mapping(*bd), rm = mapping(*rd);
  const std::string at = rd->contains("mapping") ? "/discriminator/mapping" : "/discriminator";
  for (const auto& [value, target] : bm) {
    auto it = rm.find(value);
    if (it == rm.end()) add(id, where, Fact::discriminator_mapping_removed, self, "\"" + value + "\"", {}, {}, false, at);
    else if (it->second != target)
      add(id, where, Fact::discriminator_mapping_changed, self, "\"" + value + "\"", target, it->second, false, at);
  }
  for (const auto& [value, target] : rm)
    if (!bm.contains(value)) add(id, where, Fact::discriminator_mapping_added, self, "\"" + value + "\"", {}, {}, false, at);
}

}  // namespace sonde::diff
