#pragma once
/// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): which requests get one and what
/// it is. One key per logical request, reused unchanged on every attempt.
#include <optional>
#include <string>
#include <string_view>

#include "core/replay/random_source.hpp"
#include "core/replay/request.hpp"

namespace sonde::replay {

enum class KeyMode {
  method_default,  ///< no --idempotency-key: `auto` for POST and PATCH, nothing for the others
  automatic,       ///< a fresh UUIDv4 for every logical request, whatever the method
  literal,         ///< this exact value
  none,            ///< add no key (a key already in the request is kept)
};

struct KeySetting {
  KeyMode mode = KeyMode::method_default;
  std::string literal;
};

/// "auto", "none" or any other text (a literal key); fails on an empty value.
std::optional<KeySetting> parse_key_setting(std::string_view text);

/// A random (version 4, RFC 9562 section 5.4) UUID in lower-case 8-4-4-4-12 form.
std::string uuid_v4(RandomSource& random);

/// Adds the Idempotency-Key header the setting asks for (a key the request already carries wins
/// unless a literal or `auto` was asked for) and returns the key in effect, if any.
std::optional<std::string> apply_idempotency_key(Request& request, const KeySetting& setting,
                                                 RandomSource& random);

}  // namespace sonde::replay
