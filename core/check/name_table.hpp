#pragma once
/// A small open-addressing table from property name to index, built once per schema and probed
/// once per member of every object validated: std::unordered_map's generic hashing and node
/// chasing showed up at ~10% of a large-body profile.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sonde::check {

class NameTable {
 public:
  /// Builds the table over `names`; the views must outlive it.
  void build(const std::vector<std::string_view>& names);
  /// The index of `name` in the names given to build(), or -1.
  int find(std::string_view name) const {
    if (slots_.empty()) return -1;
    std::uint64_t h = hash(name);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index < 0) return -1;
      if (s.hash == h && s.name == name) return s.index;
    }
  }

 private:
  struct Slot {
    std::string_view name;
    std::uint64_t hash = 0;
    int index = -1;
  };
  // FNV-1a: property names are short, so a byte loop beats a block hash's setup.
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

inline void NameTable::build(const std::vector<std::string_view>& names) {
  std::size_t capacity = 8;
  while (capacity < names.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::uint64_t h = hash(names[k]);
    std::size_t i = h & mask_;
    while (slots_[i].index >= 0 && slots_[i].name != names[k]) i = (i + 1) & mask_;
    if (slots_[i].index < 0) slots_[i] = {names[k], h, static_cast<int>(k)};
  }
}

}  // namespace sonde::check
