#pragma once
/// Compares schemas as a graph: each (base schema, revision schema, area) pair is compared once and
/// remembers its facts and the pairs below it. Cycles end at a pair already seen, and a change in a
/// shared component is one fact however many operations reach it.
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/diff/delta.hpp"
#include "core/openapi/document.hpp"

namespace sonde::diff {

struct Facets;

class SchemaDiff {
 public:
  SchemaDiff(const openapi::Document& base, const openapi::Document& rev, std::vector<Delta>& deltas)
      : base_(base), rev_(rev), deltas_(deltas) {}

  /// Compares two schemas met at `label` ("request body", "query parameter 'limit'"); returns the
  /// pair's id, or -1 when either side is missing or unresolvable.
  int compare(const openapi::Node& base, const openapi::Node& rev, Area area, const std::string& label);

  /// The deltas of the pairs `roots` and every pair reachable from them, each once. A walk that
  /// finds none marks what it visited clean, and clean pairs are not walked again: a pair's
  /// reachable set is fixed once compare() has returned, and graph-beta's 22,000 operations each
  /// reach thousands of the same component pairs.
  std::vector<std::size_t> reached(std::span<const int> roots);

  std::size_t pair_count() const { return pairs_.size(); }

 private:
  struct Pair {
    std::vector<std::size_t> deltas;
    std::vector<int> children;
    unsigned seen = 0;
    bool clean = false;  ///< no delta here or below
  };
  struct Where {
    Area area;
    std::string label;      ///< what the root of this schema is, for people
    std::string path;       ///< property path below a named component or the root ("Order.items[]")
    bool named = false;     ///< path starts at a component's name
    openapi::Node rev;      ///< resolved revision schema
    std::string component;  ///< "#/components/schemas/Order" or empty
  };

  int compare_at(const openapi::Node& base, const openapi::Node& rev, Area area, const std::string& label,
                 const std::string& path);
  void diff_pair(int id, const openapi::Node& base, const openapi::Node& rev, const Where& where);
  void diff_properties(int id, const Facets& b, const Facets& r, const Where& where);
  void diff_alternatives(int id, const Facets& b, const Facets& r, const Where& where);
  void diff_constraints(int id, const Facets& b, const Facets& r, const Where& where);
  void diff_discriminator(int id, const Facets& b, const Facets& r, const Where& where);
  void add(int id, const Where& where, Fact fact, std::string subject, std::string detail, std::string before,
           std::string after, bool qualifier = false, std::string suffix = {});
  std::string subject(const Where& where, const std::string& child = {}) const;

  const openapi::Document& base_;
  const openapi::Document& rev_;
  std::vector<Delta>& deltas_;
  std::vector<Pair> pairs_;
  unsigned stamp_ = 0;
  /// A pair of schemas compared once per area, keyed by where the two values live in memory (each
  /// is at one place of one tree): cheaper than a key built from their files and pointers.
  struct PairKey {
    const openapi::DocValue* base;
    const openapi::DocValue* rev;
    int area;
    bool operator==(const PairKey&) const = default;
  };
  struct PairKeyHash {
    std::size_t operator()(const PairKey& k) const {
      std::size_t h = std::hash<const void*>()(k.base);
      h ^= std::hash<const void*>()(k.rev) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      return h ^ static_cast<std::size_t>(k.area);
    }
  };
  std::unordered_map<PairKey, int, PairKeyHash> index_;
};

}  // namespace sonde::diff
