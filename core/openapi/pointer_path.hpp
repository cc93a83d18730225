#pragma once
/// The JSON pointer (RFC 6901) of a value met while walking a description. A walk makes one for
/// every value it visits (the operation view alone: 437,000 on graph-beta.json), and most are
/// never read: only a finding or an error spells one out. So a step keeps its parent and its own
/// token instead of a copy of the whole prefix (which was 37 MB of strings there), copies share,
/// and str() writes the pointer out when it is asked for.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sonde::openapi {

class PointerPath {
 public:
  PointerPath() = default;
  /// A pointer given whole, e.g. "/components/schemas/Pet"; "" is the root. Implicit, so a
  /// Node can be made from a pointer written out.
  PointerPath(std::string whole);  // NOLINT(google-explicit-constructor)
  PointerPath(const char* whole) : PointerPath(std::string(whole)) {}  // NOLINT

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
  struct Link {
    std::shared_ptr<const Link> parent;
    std::string text;      ///< "/token" escaped, or a whole pointer for a link without parent
    std::size_t size = 0;  ///< the length of the whole pointer up to here
  };
  explicit PointerPath(std::shared_ptr<const Link> link) : link_(std::move(link)) {}
  std::shared_ptr<const Link> link_;
};

}  // namespace sonde::openapi
