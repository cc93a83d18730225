#pragma once
/// A bounds-checked reader over one whole DNS message: every read past the end and every bad
/// compression pointer is an Error, never undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::dns {

class WireReader {
 public:
  explicit WireReader(std::span<const std::uint8_t> message) : msg_(message) {}

  std::size_t pos() const { return pos_; }
  std::size_t size() const { return msg_.size(); }
  std::span<const std::uint8_t> message() const { return msg_; }

  Result<std::uint8_t> u8();
  Result<std::uint16_t> u16();
  Result<std::uint32_t> u32();
  /// The next `n` bytes, which must lie inside the message.
  Result<std::span<const std::uint8_t>> bytes(std::size_t n);
  /// A domain name in presentation form with the trailing dot, following compression pointers
  /// (RFC 1035 §4.1.4). Pointers must point strictly backwards, so loops cannot happen.
  Result<std::string> name();
  /// The same name in uncompressed wire form, case kept (for DNSSEC's canonical form).
  Result<std::vector<std::uint8_t>> name_wire();

 private:
  Result<void> need(std::size_t n) const;
  template <class OnLabel>
  Result<void> walk_name(OnLabel on_label);
  std::span<const std::uint8_t> msg_;
  std::size_t pos_ = 0;
};

/// One label in presentation form: letters, digits and '-' as is, '.' and '\' escaped, other
/// bytes as \DDD (RFC 1035 §5.1).
std::string escape_label(std::span<const std::uint8_t> label);

}  // namespace sonde::dns
