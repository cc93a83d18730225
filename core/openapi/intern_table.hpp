#pragma once
/// The set of strings a DocTree has stored, so each distinct key or string value is stored once.
/// A flat open-addressing table keeping each string's hash: a lookup is one probe into one array
/// and a length and hash compare before any memcmp. std::unordered_set<std::string_view> chased a
/// node per lookup and rehashed with a byte-wise hash: a third of the time spent parsing
/// graph-beta.json (2.6 million keys and strings) once values were interned as well as keys.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace sonde::openapi {

class InternTable {
 public:
  /// The stored copy of `text`: found, or made by `store(text)` (which returns where it put the
  /// bytes; they must stay put as long as the table is used).
  template <class Store>
  const char* intern(std::string_view text, Store&& store) {
    if (slots_.empty()) slots_.resize(k_initial);
    const std::uint64_t h = hash(text);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.data == nullptr) {
        const char* stored = store(text);
        slot = Slot{h, stored, static_cast<std::uint32_t>(text.size())};
        if (++used_ * 2 > slots_.size()) grow();
        return stored;
      }
      if (slot.hash == h && slot.size == text.size() && std::memcmp(slot.data, text.data(), text.size()) == 0)
        return slot.data;
    }
  }

  std::size_t size() const { return used_; }

  /// 64-bit hash, eight bytes at a time (multiply and rotate), then mixed so strings of every
  /// length spread evenly over the table's low bits.
  static std::uint64_t hash(std::string_view text) {
    std::uint64_t h = text.size();
    const char* p = text.data();
    std::size_t n = text.size();
    while (n >= 8) {
      std::uint64_t chunk;
      std::memcpy(&chunk, p, 8);
      h = step(h, chunk);
      p += 8;
      n -= 8;
    }
    if (n > 0) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, p, n);
      h = step(h, chunk);
    }
    return finish(h);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const char* data = nullptr;  ///< nullptr: free (an empty string is stored as "", not null)
    std::uint32_t size = 0;
  };
  static constexpr std::size_t k_initial = 1024;

  static std::uint64_t step(std::uint64_t h, std::uint64_t chunk) {
    return std::rotl((h ^ chunk) * 0x9E3779B97F4A7C15ULL, 29);
  }
  /// MurmurHash3's finalizer: every input bit reaches the low bits the table indexes by.
  static std::uint64_t finish(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDULL;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ULL;
    return x ^ (x >> 33);
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.data == nullptr) continue;
      std::size_t i = static_cast<std::size_t>(slot.hash) & mask;
      while (slots_[i].data != nullptr) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

}  // namespace sonde::openapi
