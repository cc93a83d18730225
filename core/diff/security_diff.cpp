#include "core/diff/security_diff.hpp"

#include <algorithm>

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
