#include "core/diff/operation_diff.hpp"

#include <algorithm>
#include <cctype>
#include <future>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "core/diff/schema_diff.hpp"
#include "core/diff/schema_facets.hpp"
#include "core/diff/security_diff.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::diff {

namespace {

using openapi::Node;
using openapi::Operation;

// A path parameter is matched by its position in the template, so {id} -> {orderId} is one parameter.
std::string param_key(const Operation& op, const openapi::Parameter& p) {
  if (p.in == "header") {
    // Header field names are case-insensitive (RFC 9110 section 5.1).
    std::string name = p.name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "header:" + name;
  }
  if (p.in != "path") return p.in + ":" + p.name;
  std::size_t index = 0, pos = 0;
  while ((pos = op.path.find('{', pos)) != std::string::npos) {
    auto end = op.path.find('}', pos);
    if (op.path.substr(pos + 1, end - pos - 1) == p.name) return "path#" + std::to_string(index);
    ++index;
    pos = end;
  }
  return "path:" + p.name;
}

bool same_header(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string describe_param(const openapi::Parameter& p) { return p.in + " parameter '" + p.name + "'"; }

class OperationDiff {
 public:
  OperationDiff(const openapi::Document& base, const openapi::Document& rev, const LifecyclePolicy& policy,
                std::vector<Delta>& deltas)
      : base_(base), rev_(rev), policy_(policy), deltas_(deltas), schemas_(base, rev, deltas) {}

  void removed(const Operation& op, const openapi::View& rev_view) {
    // Located at the revision's path item for the same template (or the operation a callback
    // hung from), the last one when several match; else at /paths or /webhooks.
    std::string where = op.path.starts_with("webhooks/") ? "/webhooks" : "/paths";
    const auto& index = survivors(rev_view);
    if (!op.parent.empty()) {
      if (auto it = index.by_name.find(op.parent); it != index.by_name.end()) where = it->second->node.pointer.str();
    } else if (auto it = index.by_template.find(template_of(op)); it != index.by_template.end()) {
      where = json_pointer::append("/paths", it->second->path);
    }
    auto sunset = op.deprecated ? sunset_date(op.sunset) : std::nullopt;
    auto today = sunset_date(policy_.today);
    if (sunset && today && *sunset >= *today) {  // a promise broken: clients were told they had until then
      direct(op, Fact::operation_removed_before_sunset, Area::operation, {}, "(x-sunset " + date_text(*sunset) + ")", {},
             {}, Node{nullptr, 0, where});
      return;
    }
    direct(op, Fact::operation_removed, Area::operation, {}, {}, {}, {}, Node{nullptr, 0, where},
           sunset && today && *sunset < *today);
  }

  void added(const Operation& op) { direct(op, Fact::operation_added, Area::operation, {}, {}, {}, {}, op.node); }

  /// Webhooks turn the roles around: the API sends the request (what receivers read, like a
  /// response) and reads the receiver's response (like a request). Their facts take those areas.
  void set_webhook(bool webhook) { webhook_ = webhook; }

  void matched(const Operation& b, const Operation& r) {
    roots_.clear();
    if (!b.deprecated && r.deprecated) {
      direct(r, Fact::operation_deprecated, Area::operation, {}, {}, {}, {}, r.node);
      deprecation_window(r);
    }
    if (b.deprecated && r.deprecated) {
      auto before = sunset_date(b.sunset), after = sunset_date(r.sunset);
      if (before && after && *after < *before) {
        direct(r, Fact::sunset_moved_earlier, Area::operation, {}, {}, date_text(*before), date_text(*after),
               Node{nullptr, r.node.file, r.node.pointer.child("x-sunset")});
      }
    }
    stability(b, r);
    if (!b.operation_id.empty() && b.operation_id != r.operation_id)
      direct(r, Fact::operation_id_changed, Area::operation, {}, {}, b.operation_id, r.operation_id, r.node);
    if (b.summary != r.summary || b.description != r.description)
      direct(r, Fact::operation_docs_changed, Area::operation, {}, {}, {}, {}, r.node);
    parameters(b, r);
    body(b, r);
    responses(b, r);
    security(b, r);
    // Schema deltas reachable from this operation, shared or not, list it among their operations.
    auto reached = schemas_.reached(roots_);
    std::string name = r.name();
    for (auto i : reached) deltas_[i].operations.insert(name);
  }

 private:
  // A lower x-stability-level takes back a promise clients built on (stable → beta: it may now
  // change without notice). An operation without a level may take any (as in oasdiff: a team
  // starting to use levels is not breaking anything); values outside the four are not ranked.
  void stability(const Operation& b, const Operation& r) {
    auto level = [](const Operation& op) {
      return op.node && op.node->is_object() ? string_member(*op.node, "x-stability-level") : std::string();
    };
    std::string before = level(b), after = level(r);
    int was = stability_rank(before), now = stability_rank(after);
    if (before.empty() || was < 0 || now < 0 || now >= was) return;
    direct(r, Fact::stability_decreased, Area::operation, {}, {}, before, after,
           Node{nullptr, r.node.file, r.node.pointer.child("x-stability-level")});
  }

  // Parameters are deprecated as operations are (oasdiff's deprecation covers both): the flag, and
  // an x-sunset date beside it.
  static bool parameter_deprecated(const openapi::Parameter& p) {
    if (!p.node || !p.node->is_object()) return false;
    auto flag = p.node->find("deprecated");  // `deprecated: "true"` is not a boolean: not deprecated
    return flag != p.node->end() && flag->is_boolean() && flag->get<bool>();
  }
  static std::string parameter_sunset(const openapi::Parameter& p) {
    return p.node && p.node->is_object() ? string_member(*p.node, "x-sunset") : std::string();
  }

  // A removed parameter that was deprecated: before its x-sunset, a broken promise; after it (or
  // with no date), the removal its deprecation announced.
  void parameter_removed(const Operation& r, const openapi::Parameter& bp) {
    const bool deprecated = parameter_deprecated(bp);
    auto sunset = deprecated ? sunset_date(parameter_sunset(bp)) : std::nullopt;
    auto today = sunset_date(policy_.today);
    if (sunset && today && *sunset >= *today) {
      direct(r, Fact::parameter_removed_before_sunset, Area::parameter, describe_param(bp),
             "(x-sunset " + date_text(*sunset) + ")", {}, {}, r.node);
      return;
    }
    direct(r, Fact::parameter_removed, Area::parameter, describe_param(bp), {}, {}, {}, r.node, deprecated);
  }

  // Something newly deprecated under a deprecation window must name a sunset at least that far
  // away, so clients get the notice the API's policy promises. The operation's stability level
  // picks the window, for its parameters too.
  void deprecation_window(const Operation& r, Area area = Area::operation, const std::string& subject = {},
                          std::optional<std::string> sunset_text = std::nullopt, std::optional<Node> at = std::nullopt) {
    std::string stability = r.node && r.node->is_object() ? string_member(*r.node, "x-stability-level") : std::string();
    int window = diff::deprecation_window(policy_, stability);
    auto today = sunset_date(policy_.today);
    if (window <= 0 || !today) return;
    std::string level = stability == "beta" ? "beta" : "stable";
    std::string need = level + " operations need " + std::to_string(window) + " days";
    const std::string& text = sunset_text ? *sunset_text : r.sunset;
    const Node& node = at ? *at : r.node;
    auto sunset = sunset_date(text);
    if (!sunset) {
      std::string detail = text.empty() ? "(" + need + ")" : "(x-sunset \"" + text + "\" is not a date; " + need + ")";
      direct(r, Fact::sunset_missing, area, subject, detail, {}, {}, node);
      return;
    }
    int days = days_between(*today, *sunset);
    if (days < window) {
      direct(r, Fact::sunset_too_soon, area, subject,
             "(x-sunset " + date_text(*sunset) + " is " + std::to_string(days) + " days away; " + need + ")", {}, {},
             Node{nullptr, node.file, node.pointer.child("x-sunset")});
    }
  }

  Area seen_as(Area area) const {
    if (!webhook_) return area;
    switch (area) {
      case Area::request_body: return Area::response;
      case Area::parameter: return Area::response_header;
      case Area::response: return Area::request_body;
      case Area::response_header: return Area::parameter;
      default: return area;
    }
  }

  void direct(const Operation& op, Fact fact, Area area, std::string subject, std::string detail, std::string before,
              std::string after, const Node& at, bool qualifier = false) {
    Delta d;
    d.fact = fact;
    d.area = seen_as(area);
    d.qualifier = qualifier;
    d.subject = std::move(subject);
    d.detail = std::move(detail);
    d.before = std::move(before);
    d.after = std::move(after);
    d.location = at.pointer.str();
    d.location_file = at.file;
    d.operations.insert(op.name());
    deltas_.push_back(std::move(d));
  }

  void schema(const Node& b, const Node& r, Area area, const std::string& label) {
    int root = schemas_.compare(b, r, seen_as(area), label);
    if (root >= 0) roots_.push_back(root);
  }

  void parameters(const Operation& b, const Operation& r) {
    std::map<std::string, const openapi::Parameter*> rev;
    for (const auto& p : r.parameters) rev[param_key(r, p)] = &p;
    std::set<std::string> seen;
    for (const auto& bp : b.parameters) {
      auto key = param_key(b, bp);
      auto it = rev.find(key);
      if (it == rev.end()) {
        auto moved = std::find_if(r.parameters.begin(), r.parameters.end(),
                                  [&](const auto& p) { return p.name == bp.name && p.in != bp.in; });
        if (moved != r.parameters.end()) {
          seen.insert(param_key(r, *moved));
          direct(r, Fact::parameter_moved, Area::parameter, "parameter '" + bp.name + "'", {}, bp.in, moved->in, moved->node);
        } else {
          parameter_removed(r, bp);
        }
        continue;
      }
      seen.insert(key);
      const auto& rp = *it->second;
      std::string subject = describe_param(rp);
      if (!bp.required && rp.required) direct(r, Fact::parameter_became_required, Area::parameter, subject, {}, {}, {}, rp.node);
      if (bp.required && !rp.required) direct(r, Fact::parameter_became_optional, Area::parameter, subject, {}, {}, {}, rp.node);
      if (!parameter_deprecated(bp) && parameter_deprecated(rp)) {
        direct(r, Fact::became_deprecated, Area::parameter, subject, {}, {}, {}, rp.node);
        deprecation_window(r, Area::parameter, subject, parameter_sunset(rp), rp.node);
      }
      if (parameter_deprecated(bp) && parameter_deprecated(rp)) {
        auto before = sunset_date(parameter_sunset(bp)), after = sunset_date(parameter_sunset(rp));
        if (before && after && *after < *before) {
          direct(r, Fact::sunset_moved_earlier, Area::parameter, subject, {}, date_text(*before), date_text(*after),
                 Node{nullptr, rp.node.file, rp.node.pointer.child("x-sunset")});
        }
      }
      if (bp.style != rp.style || bp.explode != rp.explode) {
        auto text = [](const openapi::Parameter& p) { return p.style + (p.explode ? ", explode" : ""); };
        direct(r, Fact::parameter_style_changed, Area::parameter, subject, {}, text(bp), text(rp), rp.node);
      }
      schema(bp.schema, rp.schema, Area::parameter, subject);
    }
    for (const auto& rp : r.parameters) {
      auto key = param_key(r, rp);
      if (seen.contains(key)) continue;
      bool existed = std::any_of(b.parameters.begin(), b.parameters.end(), [&](const auto& p) { return param_key(b, p) == key; });
      if (!existed) direct(r, Fact::parameter_added, Area::parameter, describe_param(rp), {}, {}, {}, rp.node, rp.required);
    }
  }

  void media(const Operation& r, const std::vector<openapi::MediaType>& b, const std::vector<openapi::MediaType>& rv,
             Area area, const std::string& what, const Node& owner) {
    for (const auto& bm : b) {
      auto it = std::find_if(rv.begin(), rv.end(), [&](const auto& m) { return m.name == bm.name; });
      if (it == rv.end()) {
        direct(r, Fact::media_type_removed, area, what + " media type '" + bm.name + "'", {}, {}, {}, owner);
        continue;
      }
      schema(bm.schema, it->schema, area, what + " body" + (rv.size() > 1 ? " (" + bm.name + ")" : ""));
    }
    for (const auto& rm : rv) {
      if (std::none_of(b.begin(), b.end(), [&](const auto& m) { return m.name == rm.name; }))
        direct(r, Fact::media_type_added, area, what + " media type '" + rm.name + "'", {}, {}, {}, rm.node);
    }
  }

  // A body whose every schema requires properties could never be omitted validly, so marking it
  // required later changes nothing for clients.
  bool demanded(const openapi::RequestBody& body) const {
    if (body.content.empty()) return false;
    return std::all_of(body.content.begin(), body.content.end(), [&](const openapi::MediaType& m) {
      auto schema = base_.resolve(m.schema);
      return m.schema && schema && *schema && !facets_of(base_, *schema).required.empty();
    });
  }

  void body(const Operation& b, const Operation& r) {
    if (!b.body && !r.body) return;
    if (!b.body) {
      direct(r, Fact::body_added, Area::request_body, {}, {}, {}, {}, r.body->node, r.body->required);
      return;
    }
    if (!r.body) {
      direct(r, Fact::body_removed, Area::request_body, {}, {}, {}, {}, r.node);
      return;
    }
    if (!b.body->required && r.body->required && !demanded(*b.body))
      direct(r, Fact::body_became_required, Area::request_body, {}, {}, {}, {}, r.body->node);
    if (b.body->required && !r.body->required)
      direct(r, Fact::body_became_optional, Area::request_body, {}, {}, {}, {}, r.body->node);
    media(r, b.body->content, r.body->content, Area::request_body, "request", r.body->node);
  }

  // The revision's response for a base status: the same code, else the range that now covers it
  // (200 -> 2XX is the same response, described more broadly).
  static const openapi::Response* counterpart(const Operation& r, const std::string& code) {
    auto exact = std::find_if(r.responses.begin(), r.responses.end(), [&](const auto& x) { return x.code == code; });
    if (exact != r.responses.end()) return &*exact;
    if (code.size() != 3 || code[1] == 'X') return nullptr;
    std::string range = code.substr(0, 1) + "XX";
    auto covering = std::find_if(r.responses.begin(), r.responses.end(), [&](const auto& x) { return x.code == range; });
    return covering == r.responses.end() ? nullptr : &*covering;
  }

  void responses(const Operation& b, const Operation& r) {
    for (const auto& br : b.responses) {
      const openapi::Response* match = counterpart(r, br.code);
      if (!match) {
        Node at = openapi::Document::child(r.node, "responses");
        direct(r, Fact::response_removed, Area::response, "response " + br.code, {}, {}, {}, at ? at : r.node,
               br.code.starts_with("2"));
        continue;
      }
      const openapi::Response* it = match;
      media(r, br.content, it->content, Area::response, "response " + br.code, it->node);
      for (const auto& bh : br.headers) {
        auto h = std::find_if(it->headers.begin(), it->headers.end(), [&](const auto& x) { return same_header(x.name, bh.name); });
        std::string subject = "response " + br.code + " header '" + bh.name + "'";
        if (h == it->headers.end()) {
          direct(r, Fact::header_removed, Area::response_header, subject, {}, {}, {}, it->node, bh.required);
          continue;
        }
        schema(bh.schema, h->schema, Area::response_header, subject);
      }
      for (const auto& rh : it->headers) {
        if (std::none_of(br.headers.begin(), br.headers.end(), [&](const auto& x) { return same_header(x.name, rh.name); }))
          direct(r, Fact::header_added, Area::response_header, "response " + br.code + " header '" + rh.name + "'", {},
                 {}, {}, rh.node);
      }
    }
    for (const auto& rr : r.responses) {
      bool covers_base = std::any_of(b.responses.begin(), b.responses.end(),
                                     [&](const auto& x) { return counterpart(r, x.code) == &rr; });
      if (!covers_base)
        direct(r, Fact::response_added, Area::response, "response " + rr.code, {}, {}, {}, rr.node);
    }
  }

  void security(const Operation& b, const Operation& r) {
    Node at = r.security_node ? r.security_node : r.node;
    for (auto& f : security_facts(b.security, r.security))
      direct(r, f.fact, Area::security, std::move(f.subject), std::move(f.detail), std::move(f.before),
             std::move(f.after), at);
    schemes(b, r);
  }

  // The definitions of the schemes both versions of the operation use: a shared component, so
  // each fact is reported once with every operation that relies on the scheme.
  void schemes(const Operation& b, const Operation& r) {
    std::set<std::string> used_before, both;
    for (const auto& alternative : b.security)
      for (const auto& [name, scopes] : alternative) used_before.insert(name);
    for (const auto& alternative : r.security)
      for (const auto& [name, scopes] : alternative)
        if (used_before.contains(name)) both.insert(name);
    for (const auto& name : both) {
      Node bs = scheme_node(base_, name), rs = scheme_node(rev_, name);
      if (!bs || !rs) continue;
      for (auto& f : scheme_facts(base_.json(*bs.value), rev_.json(*rs.value))) {
        Delta d;
        d.fact = f.fact;
        d.area = Area::security;
        d.subject = "security scheme '" + name + "'";
        d.detail = std::move(f.detail);
        d.before = std::move(f.before);
        d.after = std::move(f.after);
        d.location = rs.pointer.str();
        d.location_file = rs.file;
        d.component = rs.pointer.str();
        d.operations.insert(r.name());
        deltas_.push_back(std::move(d));
      }
    }
  }

  static Node scheme_node(const openapi::Document& doc, const std::string& name) {
    Node root = doc.root_node();
    Node scheme = openapi::Document::child(openapi::Document::child(openapi::Document::child(root, "components"),
                                                                    "securitySchemes"), name);
    if (!scheme) scheme = openapi::Document::child(openapi::Document::child(root, "securityDefinitions"), name);
    auto resolved = doc.resolve(scheme);
    return resolved && *resolved && (*resolved)->is_object() ? *resolved : Node{};
  }

  // "/orders/{}" of "GET /orders/{}": the normalized template a view key ends with.
  static std::string_view template_of(const Operation& op) {
    return std::string_view(op.key).substr(std::min(op.key.size(), op.method.size() + 1));
  }

  // The revision's operations by name and by template (the last of each), built at the first
  // removal: looking each removal up in the whole list was quadratic, 10 s of graph.json ->
  // graph-beta.json's 5,000 removals.
  struct Survivors {
    const openapi::View* view = nullptr;
    std::unordered_map<std::string, const Operation*> by_name;
    std::unordered_map<std::string_view, const Operation*> by_template;
  };
  const Survivors& survivors(const openapi::View& rev_view) {
    if (survivors_.view == &rev_view) return survivors_;
    survivors_ = Survivors{&rev_view, {}, {}};
    for (const auto& r : rev_view.operations) {
      survivors_.by_name[r.name()] = &r;
      survivors_.by_template[template_of(r)] = &r;
    }
    return survivors_;
  }

  const openapi::Document& base_;
  const openapi::Document& rev_;
  const LifecyclePolicy& policy_;
  Survivors survivors_;
  bool webhook_ = false;
  std::vector<Delta>& deltas_;
  SchemaDiff schemas_;
  std::vector<int> roots_;
};

}  // namespace

namespace {

// A pair with its operations completed (parameters, bodies, responses, security): outline views
// leave those out, and a pair holds them only while it is being compared.
struct CompletedPair {
  std::optional<Operation> base, rev;
  bool webhook = false;
};

Result<std::optional<Operation>> completed(const openapi::Document& doc, const Operation* outline) {
  if (!outline) return std::nullopt;
  Operation op = *outline;
  if (auto ok = openapi::complete_operation(doc, op); !ok) return std::unexpected(ok.error());
  return op;
}

// Pairs [first, last) completed. Added and removed operations are completed too, only for the
// errors a malformed one must still give.
Result<std::vector<CompletedPair>> complete_pairs(const openapi::Document& base, const openapi::Document& rev,
                                                  std::span<const OperationPair> pairs) {
  std::vector<CompletedPair> out;
  out.reserve(pairs.size());
  for (const auto& pair : pairs) {
    auto b = completed(base, pair.base);
    if (!b) return std::unexpected(b.error());
    auto r = completed(rev, pair.rev);
    if (!r) return std::unexpected(r.error());
    out.push_back({std::move(*b), std::move(*r), pair.webhook});
  }
  return out;
}

}  // namespace

Result<std::vector<Delta>> structural_diff(const openapi::Document& base, const openapi::Document& rev,
                                           const std::vector<OperationPair>& pairs, const openapi::View& rev_view,
                                           const LifecyclePolicy& policy, std::size_t chunk) {
  std::vector<Delta> deltas;
  OperationDiff differ(base, rev, policy, deltas);
  auto compare = [&](const std::vector<CompletedPair>& done) {
    for (const auto& [b, r, webhook] : done) {
      differ.set_webhook(webhook);
      if (b && r) differ.matched(*b, *r);
      else if (b) differ.removed(*b, rev_view);
      else if (r) differ.added(*r);
    }
  };
  std::span<const OperationPair> all(pairs);
  chunk = std::max<std::size_t>(chunk, 1);
  if (all.size() <= chunk) {
    auto done = complete_pairs(base, rev, all);
    if (!done) return std::unexpected(done.error());
    compare(*done);
    return deltas;
  }
  // A pipeline of two: the next chunk is completed on a second thread while this one is compared
  // (completing is half the work of a large diff, comparing the other half; both read the
  // documents only). Chunks are compared in order, so the deltas are the same as in one go, and
  // only two chunks of whole operations are alive at a time.
  // Each task first frees the chunk compared before last (`spent`): freed on the thread that
  // allocated it, and off the comparing thread, which is the slower of the two.
  using Chunk = std::vector<CompletedPair>;
  auto start = [&](std::size_t from, Chunk spent) {
    auto part = all.subspan(from, std::min(chunk, all.size() - from));
    auto task = [&base, &rev, part, spent = std::move(spent)]() mutable {
      Chunk().swap(spent);
      return complete_pairs(base, rev, part);
    };
    try {
      return std::async(std::launch::async, std::move(task));
    } catch (const std::system_error&) {  // no thread to spare: complete it here, as for a small diff
      std::promise<Result<Chunk>> here;
      here.set_value(task());
      return here.get_future();
    }
  };
  auto next = start(0, {});
  Chunk compared;
  for (std::size_t from = 0; from < all.size(); from += chunk) {
    auto done = next.get();
    if (from + chunk < all.size()) next = start(from + chunk, std::move(compared));
    if (!done) {
      if (next.valid()) next.wait();  // it reads `all`: let it finish before returning
      return std::unexpected(done.error());
    }
    compare(*done);
    compared = std::move(*done);
  }
  return deltas;
}

}  // namespace sonde::diff
