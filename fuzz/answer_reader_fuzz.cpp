// The proxy's own HTTP/1.1 client reading an upstream's answer (proxy::AnswerReader), from raw
// bytes: the first byte picks the request's method (GET or HEAD) and how the answer is split as
// it arrives; the rest is the answer, then the connection closes.
// Properties, beyond not crashing: the same answer split two ways reads the same (events, body,
// head; extra bytes after the end may arrive in a later piece, so only whether the connection is
// reused may differ); the body is never longer than the bytes given; a length-framed answer that ended carries
// exactly its length; a reusable connection is one whose answer ended.
#include <cstdlib>
#include <string>
#include <vector>

#include "core/proxy/answer_reader.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

using sonde::proxy::AnswerHead;
using sonde::proxy::AnswerReader;

struct Read {
  std::vector<AnswerReader::Event> events;
  std::string body;
  AnswerHead head;
  bool reusable = false;
  std::string why;
};

// Reads `answer` handed over `split` bytes at a time, then closed.
void read_split(Read& out, const std::string& method, std::string_view answer, std::size_t split) {
  AnswerReader reader(method, out.head);
  auto note = [&](AnswerReader::Event event) {
    if (event == AnswerReader::Event::body) {
      out.body.append(reader.part());
      // Parts may be cut differently by different splits: consecutive parts count as one.
      if (!out.events.empty() && out.events.back() == event) return;
    }
    out.events.push_back(event);
  };
  bool going = true;
  for (std::size_t at = 0; going && at < answer.size(); at += split) {
    reader.append(answer.substr(at, split));
    while (true) {
      const auto event = reader.next();
      if (event == AnswerReader::Event::more) break;
      note(event);
      if (event == AnswerReader::Event::end || event == AnswerReader::Event::failed) {
        going = false;
        break;
      }
    }
  }
  if (going) note(reader.closed(0));
  out.reusable = reader.reusable();
  out.why = reader.why();
  if (out.reusable && out.events.back() != AnswerReader::Event::end) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string method = (data[0] & 1) != 0 ? "HEAD" : "GET";
  const std::size_t split = 1 + (data[0] >> 1);
  const std::string_view answer = sonde::fuzz::as_text(data + 1, size - 1);
  Read whole;
  read_split(whole, method, answer, answer.size() + 1);
  Read pieces;
  read_split(pieces, method, answer, split);
  if (whole.events != pieces.events || whole.body != pieces.body || whole.why != pieces.why ||
      whole.head.status != pieces.head.status ||
      whole.head.headers != pieces.head.headers || whole.head.content_length != pieces.head.content_length) {
    std::abort();  // the split changed what was read
  }
  if (whole.body.size() > answer.size()) std::abort();
  const bool ended = !whole.events.empty() && whole.events.back() == AnswerReader::Event::end;
  if (ended && method == "GET" && whole.head.content_length && whole.head.status >= 200 && whole.head.status != 204 &&
      whole.head.status != 304 && whole.body.size() != *whole.head.content_length) {
    std::abort();  // a length-framed answer that ended carries its length
  }
  return 0;
}
