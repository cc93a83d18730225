// The DNS wire parser (names with compression, every record type's rdata) and the classifier that
// turns a reply into answer / NXDOMAIN / NODATA / referral / lame.
#include <span>

#include "core/dns/message_parser.hpp"
#include "core/dns/reply_classifier.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde::dns;
  auto message = parse_message(std::span<const std::uint8_t>(data, size));
  if (!message) return 0;
  // As the trace asks: a name under a zone, the root, and the reply's own question.
  (void)classify(*message, "www.shop.test.", "shop.test.");
  (void)classify(*message, "www.shop.test.", ".");
  (void)question_matches(*message, "www.shop.test.", 1);
  if (!message->questions.empty()) {
    const auto& q = message->questions.front();
    (void)classify(*message, q.name, ".");
    (void)question_matches(*message, q.name, q.type);
  }
  return 0;
}
