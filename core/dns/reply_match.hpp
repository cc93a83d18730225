#pragma once
/// Whether a datagram is a reply to a given query: the same ID and the same question (name
/// compared case-insensitively, RFC 4343; type and class exact). c-ares applies the same test and
/// silently drops what fails it; the transport uses this to count what was dropped.
#include <cstdint>
#include <span>

namespace sonde::dns {

/// False for anything that is not a well-formed reply to `query`, truncated or hostile input
/// included.
bool reply_matches_query(std::span<const std::uint8_t> query, std::span<const std::uint8_t> reply);

}  // namespace sonde::dns
