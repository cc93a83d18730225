#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/proxy/answer_reader.hpp"

using sonde::proxy::AnswerHead;
using sonde::proxy::AnswerReader;
using Event = AnswerReader::Event;

namespace {

// What a reader says of `bytes` fed `split` bytes at a time: its events, in order ("head",
// "body:<part>", "end", "failed:<why>"), then closed(close_error) when `close` is set.
struct Reading {
  std::vector<std::string> events;
  std::string body;
  bool reusable = false;
};

std::string named(AnswerReader& reader, Event event) {
  switch (event) {
    case Event::head: return "head";
    case Event::body: return "body";
    case Event::end: return "end";
    case Event::failed: return "failed:" + reader.why();
    case Event::more: return "more";
  }
  return "?";
}

Reading read_answer(AnswerHead& head, const std::string& method, std::string_view bytes, std::size_t split, bool close = false,
             int close_error = 0) {
  AnswerReader reader(method, head);
  Reading out;
  auto drain = [&] {
    while (true) {
      const Event event = reader.next();
      if (event == Event::more) return true;
      if (event == Event::body) {
        out.body.append(reader.part());
        if (out.events.empty() || out.events.back() != "body") out.events.push_back("body");
        continue;
      }
      out.events.push_back(named(reader, event));
      if (event != Event::head) return false;
    }
  };
  bool going = true;
  for (std::size_t at = 0; going && at < bytes.size(); at += split) {
    reader.append(bytes.substr(at, split));
    going = drain();
  }
  if (going && close) out.events.push_back(named(reader, reader.closed(close_error)));
  out.reusable = reader.reusable();
  return out;
}

}  // namespace

TEST_CASE("answer reader: interim answers skipped, a chunked body decoded, in any split") {
  const std::string answer =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 99\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
  for (std::size_t split : {std::size_t{1}, std::size_t{7}, answer.size()}) {
    AnswerHead head;
    const Reading got = read_answer(head, "GET", answer, split);
    CHECK(got.events == std::vector<std::string>{"head", "body", "end"});
    CHECK(got.body == "hello world");
    CHECK(got.reusable);
    CHECK(head.status == 200);
    CHECK_FALSE(head.content_length);  // a length beside a transfer coding means nothing
    CHECK(head.headers == sonde::mock::HeaderList{{"Content-Type", "text/plain"}});
  }
}

TEST_CASE("answer reader: a length-framed body ends at its length; bytes after it spoil the connection") {
  AnswerHead head;
  const Reading whole = read_answer(head, "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 3);
  CHECK(whole.events == std::vector<std::string>{"head", "body", "end"});
  CHECK(whole.body == "hello");
  CHECK(whole.reusable);
  AnswerHead head2;
  const Reading extra = read_answer(head2, "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n", 100);
  CHECK(extra.body == "hello");
  CHECK_FALSE(extra.reusable);
}

TEST_CASE("answer reader: no body after HEAD, 204 and 304, whatever the head announces") {
  AnswerHead head;
  const Reading got = read_answer(head, "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 5);
  CHECK(got.events == std::vector<std::string>{"head", "end"});
  CHECK(head.content_length == 1234u);
  CHECK(got.reusable);
  AnswerHead head2;
  CHECK(read_answer(head2, "GET", "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n", 4).events ==
        std::vector<std::string>{"head", "end"});
}

TEST_CASE("answer reader: a body to the connection's end, and what ends a connection") {
  AnswerHead head;
  const Reading got = read_answer(head, "GET", "HTTP/1.0 200 OK\nContent-Type: text/plain\n\nto the end", 4, true);
  CHECK(got.events == std::vector<std::string>{"head", "body", "end"});
  CHECK(got.body == "to the end");
  CHECK_FALSE(got.reusable);
  AnswerHead head2;
  CHECK(read_answer(head2, "GET", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", 9).reusable);
  AnswerHead head3;
  CHECK_FALSE(read_answer(head3, "GET", "HTTP/1.1 200 OK\r\nConnection: x, close\r\nContent-Length: 0\r\n\r\n", 9).reusable);
}

TEST_CASE("answer reader: a connection closed short of the answer's end is named") {
  AnswerHead head;
  CHECK(read_answer(head, "GET", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100, true).events.back() ==
        "failed:connection reset or closed by the server (the connection closed 7 bytes before the body's end)");
  AnswerHead head2;
  AnswerReader silent("GET", head2);
  CHECK(silent.closed(0) == Event::failed);
  CHECK(silent.why() == "connection reset or closed by the server (empty reply from server)");
  CHECK_FALSE(silent.heard());
  AnswerHead head3;
  CHECK(read_answer(head3, "GET", "HTTP/1.1 200 OK\r\nX-A: 1\r\n", 100, true).events.back() ==
        "failed:connection reset or closed by the server (the connection closed in the answer's head)");
  AnswerHead head4;
  CHECK(read_answer(head4, "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 100, true, ECONNRESET)
            .events.back() == "failed:connection reset or closed by the server (Connection reset by peer)");
}

TEST_CASE("answer reader: what cannot be passed on") {
  AnswerHead head;
  CHECK(read_answer(head, "GET", "SSH-2.0-OpenSSH_9.2\r\n", 100).events == std::vector<std::string>{"failed:the upstream's answer is not HTTP/1.x"});
  AnswerHead head2;
  CHECK(read_answer(head2, "GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 OK\r\n\r\n", 100).events ==
        std::vector<std::string>{"failed:the upstream's status line is malformed"});
  AnswerHead head3;
  CHECK(read_answer(head3, "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100).events.back() ==
        "failed:the upstream's chunked answer body is malformed");
  AnswerHead head4;
  const std::string long_line = "HTTP/1.1 200 OK\r\nX-Long: " + std::string(101 * 1024, 'x');  // no end of line yet
  CHECK(read_answer(head4, "GET", long_line, 4096).events == std::vector<std::string>{"failed:a line of the upstream's answer head is over 100 KiB"});
  for (const char* length : {"abc", "-1", "5, 6", "", "5 5"}) {
    AnswerHead bad;
    CHECK(read_answer(bad, "GET", std::string("HTTP/1.1 200 OK\r\nContent-Length: ") + length + "\r\n\r\nhello", 100)
              .events == std::vector<std::string>{"failed:the upstream's Content-Length is invalid: " + std::string(length)});
  }
  AnswerHead two;
  CHECK(read_answer(two, "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 100)
            .events.back() == "failed:the upstream's Content-Length is invalid: 6");
  AnswerHead repeated;
  const auto same = read_answer(repeated, "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello", 3);
  CHECK(same.events == std::vector<std::string>{"head", "body", "end"});
  CHECK(same.body == "hello");
  CHECK(repeated.content_length == 5u);
  AnswerHead head5;
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 400; ++i) many += "X-F" + std::to_string(i) + ": " + std::string(1000, 'f') + "\r\n";
  CHECK(read_answer(head5, "GET", many, 65536).events == std::vector<std::string>{"failed:the upstream's answer head is over 300 KiB"});
}
