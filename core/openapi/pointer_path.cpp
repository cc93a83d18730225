#include "core/openapi/pointer_path.hpp"

#include <vector>

namespace sonde::openapi {

PointerPath::PointerPath(std::string whole) {
  if (whole.empty()) return;
  const std::size_t size = whole.size();
  link_ = std::make_shared<const Link>(Link{nullptr, std::move(whole), size});
}

PointerPath PointerPath::child(std::string_view token) const {
  std::string text;
  text.reserve(token.size() + 1);
  text += '/';
  for (char c : token) {
    if (c == '~') text += "~0";
    else if (c == '/') text += "~1";
    else text += c;
  }
  const std::size_t size = this->size() + text.size();
  return PointerPath(std::make_shared<const Link>(Link{link_, std::move(text), size}));
}

std::string PointerPath::str() const {
  if (!link_) return {};
  if (!link_->parent) return link_->text;
  // Written from the root down: the links are met from the end up, so gather them first.
  const Link* chain[64];
  std::vector<const Link*> more;
  std::size_t n = 0;
  for (const Link* l = link_.get(); l; l = l->parent.get()) {
    if (n < std::size(chain)) chain[n++] = l;
    else more.push_back(l);
  }
  std::string out;
  out.reserve(link_->size);
  for (auto it = more.rbegin(); it != more.rend(); ++it) out += (*it)->text;
  for (std::size_t i = n; i-- > 0;) out += chain[i]->text;
  return out;
}

}  // namespace sonde::openapi
