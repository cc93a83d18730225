#include "core/diff/security_diff.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/util/json_fields.hpp"

namespace sonde::diff {

namespace {

using Requirements = std::vector<openapi::SecurityRequirement>;

std::string describe(const openapi::SecurityRequirement& req) {
  std::string out;
  for (const auto& [scheme, scopes] : req) {
    out += (out.empty() ? "" : " + ") + scheme;
    if (!scopes.empty()) {
      out += " [";
      for (std::size_t i = 0; i < scopes.size(); ++i) out += (i ? ", " : "") + scopes[i];
      out += "]";
    }
  }
  return out.empty() ? "none" : out;
}

std::string describe(const Requirements& list) {
  std::string out;
  for (const auto& req : list) out += (out.empty() ? "" : " or ") + describe(req);
  return out;
}

// An empty requirement object ({}) in the list means "credentials optional" (OpenAPI 3.0 4.7.30).
bool open(const Requirements& s) {
  return s.empty() || std::any_of(s.begin(), s.end(), [](const auto& req) { return req.empty(); });
}

bool same_schemes(const Requirements& b, const Requirements& r) {
  if (b.size() != r.size()) return false;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b[i].size() != r[i].size()) return false;
    for (std::size_t k = 0; k < b[i].size(); ++k)
      if (b[i][k].first != r[i][k].first) return false;
  }
  return true;
}

}  // namespace

std::vector<SecurityFact> scheme_facts(const nlohmann::json& b, const nlohmann::json& r) {
  std::vector<SecurityFact> out;
  if (!b.is_object() || !r.is_object()) return out;
  // Fields whose change makes every client's credentials go to the wrong place or form.
  for (const char* key : {"type", "in", "name", "scheme"}) {
    std::string bv = string_member(b, key), rv = string_member(r, key);
    if (key == std::string_view("scheme")) {  // HTTP auth scheme names are case-insensitive (RFC 9110 11.1)
      for (auto* v : {&bv, &rv})
        for (char& c : *v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (bv != rv) out.push_back({Fact::scheme_changed, {}, key, string_member(b, key), string_member(r, key)});
  }
  if (!out.empty() && out.front().detail == "type") return {out.front()};  // the rest follows from the type
  auto urls = [&](const nlohmann::json& bo, const nlohmann::json& ro, const std::string& where) {
    for (const char* key : {"authorizationUrl", "tokenUrl", "refreshUrl", "openIdConnectUrl"}) {
      std::string bv = string_member(bo, key), rv = string_member(ro, key);
      if (bv != rv) out.push_back({Fact::scheme_url_changed, {}, key + where, bv.empty() ? "none" : bv, rv.empty() ? "none" : rv});
    }
  };
  urls(b, r, "");
  const auto empty = nlohmann::json::object();
  const auto& bf = b.contains("flows") && b["flows"].is_object() ? b["flows"] : empty;
  const auto& rf = r.contains("flows") && r["flows"].is_object() ? r["flows"] : empty;
  for (auto it = bf.begin(); it != bf.end(); ++it) {
    if (!rf.contains(it.key())) out.push_back({Fact::flow_removed, {}, "'" + it.key() + "'", {}, {}});
    else if (it->is_object() && rf[it.key()].is_object()) urls(*it, rf[it.key()], " of the " + it.key() + " flow");
  }
  for (auto it = rf.begin(); it != rf.end(); ++it) {
    if (!bf.contains(it.key())) out.push_back({Fact::flow_added, {}, "'" + it.key() + "'", {}, {}});
  }
  return out;
}

std::vector<SecurityFact> security_facts(const Requirements& b, const Requirements& r) {
  if (open(b) && !open(r)) return {{Fact::security_added, {}, describe(r.front()), {}, {}}};
  if (!open(b) && open(r)) return {{Fact::security_removed, {}, {}, {}, {}}};
  if (b == r) return {};
  if (!same_schemes(b, r)) return {{Fact::security_changed, {}, {}, describe(b), describe(r)}};
  // Same schemes in the same order: only scopes changed.
  std::vector<SecurityFact> out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    for (std::size_t k = 0; k < b[i].size(); ++k) {
      const auto& [scheme, bs] = b[i][k];
      const auto& rs = r[i][k].second;
      std::string subject = "security scheme '" + scheme + "'";
      for (const auto& s : rs)
        if (!std::binary_search(bs.begin(), bs.end(), s)) out.push_back({Fact::scope_added, subject, "'" + s + "'", {}, {}});
      for (const auto& s : bs)
        if (!std::binary_search(rs.begin(), rs.end(), s)) out.push_back({Fact::scope_removed, subject, "'" + s + "'", {}, {}});
    }
  }
  return out;
}

}  // namespace sonde::diff
