#pragma once
/// The JSON pointer (RFC 6901) of a value met while walking a description. A walk makes one for
/// every value it visits (the operation view alone: 437,000 on graph-beta.json), and most are
/// never read: only a finding or an error spells one out. So a step keeps its parent and its own
/// token instead of a copy of the whole prefix (which was 37 MB of strings there), copies share,
/// and str() writes the pointer out when it is asked for. A step is one allocation of its token
/// and a 24-byte header, counted by reference (thread-safe: views are built on two threads).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::openapi {

class PointerPath {
 public:
  PointerPath() = default;
  /// A pointer given whole, e.g. "/components/schemas/Pet"; "" is the root. Implicit, so a
  /// Node can be made from a pointer written out.
  PointerPath(std::string_view whole);  // NOLINT(google-explicit-constructor)
  PointerPath(const std::string& whole) : PointerPath(std::string_view(whole)) {}  // NOLINT
  PointerPath(const char* whole) : PointerPath(std::string_view(whole)) {}  // NOLINT
  PointerPath(const PointerPath& other) noexcept : link_(other.link_) { retain(link_); }
  PointerPath(PointerPath&& other) noexcept : link_(other.link_) { other.link_ = nullptr; }
  PointerPath& operator=(PointerPath other) noexcept {
    std::swap(link_, other.link_);
    return *this;
  }
  ~PointerPath() { release(link_); }

  /// This pointer and one more reference token (escaped here: "a/b" becomes "a~1b").
  PointerPath child(std::string_view token) const;
  /// The pointer written out: "/paths/~1pets/get".
  std::string str() const;
  std::size_t size() const { return link_ ? link_->size : 0; }
  bool empty() const { return size() == 0; }

  friend bool operator==(const PointerPath& a, const PointerPath& b) { return a.link_ == b.link_ || a.str() == b.str(); }
  friend bool operator==(const PointerPath& a, std::string_view b) { return a.size() == b.size() && a.str() == b; }
  friend bool operator==(const PointerPath& a, const char* b) { return a == std::string_view(b); }

 private:
  /// One step: its text ("/token" escaped, or a whole pointer when it has no parent) follows the
  /// header in the same allocation.
  struct Link {
    std::atomic<std::uint32_t> refs;
    std::uint32_t length;  ///< of this step's text
    const Link* parent;
    std::size_t size;      ///< of the whole pointer up to here
    const char* text() const { return reinterpret_cast<const char*>(this + 1); }
  };
  static const Link* make(const Link* parent, std::string_view text, bool escape);
  static void retain(const Link* link) {
    if (link) const_cast<Link*>(link)->refs.fetch_add(1, std::memory_order_relaxed);
  }
  /// Drops one reference; frees the links no one holds any more, up the chain, without recursion.
  static void release(const Link* link);
  explicit PointerPath(const Link* link) : link_(link) {}
  const Link* link_ = nullptr;
};

}  // namespace sonde::openapi
