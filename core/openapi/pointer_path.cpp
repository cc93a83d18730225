#include "core/openapi/pointer_path.hpp"

#include <cstring>
#include <new>
#include <vector>

namespace sonde::openapi {

const PointerPath::Link* PointerPath::make(const Link* parent, std::string_view text, bool escape) {
  std::size_t length = text.size() + (escape ? 1 : 0);
  if (escape) {
    for (char c : text) length += c == '~' || c == '/';
  }
  void* memory = ::operator new(sizeof(Link) + length);
  retain(parent);
  Link* link = new (memory) Link{{1}, static_cast<std::uint32_t>(length), parent, (parent ? parent->size : 0) + length};
  char* out = reinterpret_cast<char*>(link + 1);
  if (!escape) {
    std::memcpy(out, text.data(), text.size());
    return link;
  }
  *out++ = '/';
  for (char c : text) {
    if (c == '~' || c == '/') {
      *out++ = '~';
      *out++ = c == '~' ? '0' : '1';
    } else {
      *out++ = c;
    }
  }
  return link;
}

void PointerPath::release(const Link* link) {
  while (link && const_cast<Link*>(link)->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    const Link* parent = link->parent;
    link->~Link();
    ::operator delete(const_cast<Link*>(link));
    link = parent;
  }
}

PointerPath::PointerPath(std::string_view whole) {
  if (!whole.empty()) link_ = make(nullptr, whole, false);
}

PointerPath PointerPath::child(std::string_view token) const { return PointerPath(make(link_, token, true)); }

std::string PointerPath::str() const {
  if (!link_) return {};
  if (!link_->parent) return std::string(link_->text(), link_->length);
  // Written from the root down: the links are met from the end up, so gather them first.
  const Link* chain[64];
  std::vector<const Link*> more;
  std::size_t n = 0;
  for (const Link* l = link_; l; l = l->parent) {
    if (n < std::size(chain)) chain[n++] = l;
    else more.push_back(l);
  }
  std::string out;
  out.reserve(link_->size);
  for (auto it = more.rbegin(); it != more.rend(); ++it) out.append((*it)->text(), (*it)->length);
  for (std::size_t i = n; i-- > 0;) out.append(chain[i]->text(), chain[i]->length);
  return out;
}

}  // namespace sonde::openapi
