#pragma once
/// Parses one whole DNS message from the wire: header, question, answer, authority, additional
/// and the EDNS OPT pseudo-record. Hostile input (truncation, pointer loops, lengths past the end,
/// garbage) gives an Error, never a crash.
#include <cstdint>
#include <span>

#include "core/dns/message.hpp"
#include "core/util/error.hpp"

namespace sonde::dns {

/// The parsed message, or an invalid_input Error naming the byte offset of the first problem.
Result<Message> parse_message(std::span<const std::uint8_t> wire);

/// Text names of the rcodes sonde shows ("NOERROR", "NXDOMAIN", "BADVERS"; "RCODE23" otherwise).
std::string rcode_name(std::uint16_t rcode);

}  // namespace sonde::dns
