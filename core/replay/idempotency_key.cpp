#include "core/replay/idempotency_key.hpp"

#include <array>

namespace sonde::replay {

namespace {
constexpr std::string_view k_header = "Idempotency-Key";
}

std::optional<KeySetting> parse_key_setting(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text == "auto") return KeySetting{KeyMode::automatic, {}};
  if (text == "none") return KeySetting{KeyMode::none, {}};
  return KeySetting{KeyMode::literal, std::string(text)};
}

std::string uuid_v4(RandomSource& random) {
  std::array<unsigned char, 16> b{};
  for (std::size_t i = 0; i < 16; i += 8) {
    std::uint64_t r = random.bits();
    for (std::size_t k = 0; k < 8; ++k) b[i + k] = static_cast<unsigned char>(r >> (8 * k));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // variant 10xx
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += k_hex[b[i] >> 4];
    out += k_hex[b[i] & 0x0f];
  }
  return out;
}

std::optional<std::string> apply_idempotency_key(Request& request, const KeySetting& setting,
                                                 RandomSource& random) {
  auto existing = header_value(request.headers, k_header);
  switch (setting.mode) {
    case KeyMode::literal: set_header(request.headers, k_header, setting.literal); return setting.literal;
    case KeyMode::automatic: {
      std::string key = uuid_v4(random);
      set_header(request.headers, k_header, key);
      return key;
    }
    case KeyMode::none: return existing;
    case KeyMode::method_default: break;
  }
  if (existing) return existing;
  if (!iequals(request.method, "POST") && !iequals(request.method, "PATCH")) return std::nullopt;
  std::string key = uuid_v4(random);
  set_header(request.headers, k_header, key);
  return key;
}

}  // namespace sonde::replay
