#include "core/dns/reply_match.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "core/dns/message.hpp"
#include "core/dns/wire_reader.hpp"

namespace sonde::dns {
namespace {

struct Question {
  std::uint16_t id = 0;
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
};

// The ID and the single question of a message (sonde's queries carry exactly one).
std::optional<Question> first_question(std::span<const std::uint8_t> message) {
  WireReader r(message);
  auto id = r.u16();
  if (!id || !r.bytes(2)) return std::nullopt;  // flags
  auto qdcount = r.u16();
  if (!qdcount || *qdcount != 1 || !r.bytes(6)) return std::nullopt;  // AN, NS, AR counts
  auto name = r.name();
  auto type = r.u16();
  auto klass = r.u16();
  if (!name || !type || !klass) return std::nullopt;
  return Question{*id, *name, *type, *klass};
}

}  // namespace

bool reply_matches_query(std::span<const std::uint8_t> query, std::span<const std::uint8_t> reply) {
  auto asked = first_question(query);
  auto got = first_question(reply);
  return asked && got && asked->id == got->id && asked->type == got->type && asked->klass == got->klass &&
         same_name(asked->name, got->name);
}

}  // namespace sonde::dns
