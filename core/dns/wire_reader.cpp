#include "core/dns/wire_reader.hpp"

#include <cstdio>

namespace sonde::dns {

namespace {

constexpr std::size_t k_max_name_wire = 255;  // RFC 1035 §2.3.4

Error malformed(std::string what, std::size_t at) {
  return Error{ErrorKind::invalid_input, "malformed DNS message: " + std::move(what),
               "offset " + std::to_string(at), {}};
}

}  // namespace

Result<void> WireReader::need(std::size_t n) const {
  if (pos_ > msg_.size() || msg_.size() - pos_ < n) {
    return std::unexpected(malformed("truncated (needs " + std::to_string(n) + " more bytes)", pos_));
  }
  return {};
}

Result<std::uint8_t> WireReader::u8() {
  if (auto ok = need(1); !ok) return std::unexpected(ok.error());
  return msg_[pos_++];
}

Result<std::uint16_t> WireReader::u16() {
  if (auto ok = need(2); !ok) return std::unexpected(ok.error());
  auto v = static_cast<std::uint16_t>((msg_[pos_] << 8) | msg_[pos_ + 1]);
  pos_ += 2;
  return v;
}

Result<std::uint32_t> WireReader::u32() {
  if (auto ok = need(4); !ok) return std::unexpected(ok.error());
  std::uint32_t v = (std::uint32_t{msg_[pos_]} << 24) | (std::uint32_t{msg_[pos_ + 1]} << 16) |
                    (std::uint32_t{msg_[pos_ + 2]} << 8) | std::uint32_t{msg_[pos_ + 3]};
  pos_ += 4;
  return v;
}

Result<std::span<const std::uint8_t>> WireReader::bytes(std::size_t n) {
  if (auto ok = need(n); !ok) return std::unexpected(ok.error());
  auto out = msg_.subspan(pos_, n);
  pos_ += n;
  return out;
}

// Walks a possibly compressed name, handing each label to `on_label`; leaves pos_ after the name.
template <class OnLabel>
Result<void> WireReader::walk_name(OnLabel on_label) {
  std::size_t cursor = pos_;
  std::size_t resume = 0;          // where reading continues after the first pointer
  bool jumped = false;
  std::size_t lowest_start = pos_;  // every pointer must go below the lowest label start so far
  std::size_t wire_length = 1;
  while (true) {
    if (cursor >= msg_.size()) return std::unexpected(malformed("name runs past the end", cursor));
    const std::uint8_t len = msg_[cursor];
    if ((len & 0xC0) == 0xC0) {
      if (cursor + 1 >= msg_.size()) return std::unexpected(malformed("truncated compression pointer", cursor));
      const std::size_t target = static_cast<std::size_t>(((len & 0x3F) << 8) | msg_[cursor + 1]);
      if (target >= lowest_start) return std::unexpected(malformed("compression pointer loop or forward pointer", cursor));
      if (!jumped) resume = cursor + 2;
      jumped = true;
      lowest_start = target;
      cursor = target;
      continue;
    }
    if ((len & 0xC0) != 0) return std::unexpected(malformed("unsupported label type", cursor));
    if (len == 0) {
      pos_ = jumped ? resume : cursor + 1;
      return {};
    }
    if (cursor + 1 + len > msg_.size()) return std::unexpected(malformed("label runs past the end", cursor));
    wire_length += 1u + len;
    if (wire_length > k_max_name_wire) return std::unexpected(malformed("name longer than 255 bytes", cursor));
    on_label(msg_.subspan(cursor + 1, len));
    if (cursor < lowest_start) lowest_start = cursor;
    cursor += 1u + len;
  }
}

Result<std::string> WireReader::name() {
  std::string out;
  auto ok = walk_name([&](std::span<const std::uint8_t> label) {
    out += escape_label(label);
    out += '.';
  });
  if (!ok) return std::unexpected(ok.error());
  return out.empty() ? std::string(".") : out;
}

Result<std::vector<std::uint8_t>> WireReader::name_wire() {
  std::vector<std::uint8_t> out;
  auto ok = walk_name([&](std::span<const std::uint8_t> label) {
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
  });
  if (!ok) return std::unexpected(ok.error());
  out.push_back(0);
  return out;
}

std::string escape_label(std::span<const std::uint8_t> label) {
  std::string out;
  for (std::uint8_t c : label) {
    if (c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == '$') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c <= 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", unsigned{c});
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace sonde::dns
