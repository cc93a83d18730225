#include "core/proxy/answer_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

#include "core/proxy/response_head.hpp"
#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::proxy {

namespace {

// libcurl's limits, so an answer passes by either client alike: one header line, a whole head.
constexpr std::size_t k_max_answer_line = 100 * 1024;
constexpr std::size_t k_max_answer_head = 300 * 1024;
constexpr std::size_t k_compact_after = 64 * 1024;

// "chunked" as the last transfer coding (RFC 9112 section 6.3: only then is the body chunked).
bool ends_chunked(std::string_view value) {
  value = trim(value);
  const auto comma = value.rfind(',');
  if (comma != std::string_view::npos) value = trim(value.substr(comma + 1));
  return iequals_ascii(value, "chunked");
}

// "12", or "12, 12": one decimal length, however often repeated; nothing otherwise.
std::optional<std::uint64_t> content_length_of(std::string_view value) {
  std::optional<std::uint64_t> length;
  while (true) {
    const auto comma = value.find(',');
    const std::string_view item = trim(value.substr(0, comma));
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || (length && *length != n)) {
      return std::nullopt;
    }
    length = n;
    if (comma == std::string_view::npos) return length;
    value.remove_prefix(comma + 1);
  }
}

bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    if (iequals_ascii(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

void AnswerReader::append(std::string_view bytes) {
  if (bytes.empty()) return;
  heard_ = true;
  part_ = {};
  if (used_ == in_.size()) {
    in_.clear();
    used_ = 0;
  } else if (used_ >= k_compact_after) {
    in_.erase(0, used_);
    used_ = 0;
  }
  in_.append(bytes);
}

AnswerReader::Event AnswerReader::next() {
  part_ = {};
  if (failed_) return Event::failed;
  if (ended_) return Event::end;
  if (!head_->complete) {
    if (!read_head()) return failed_ ? Event::failed : Event::more;
    begin_body();
  }
  if (!head_told_) {
    head_told_ = true;
    return Event::head;
  }
  while (true) {
    const std::string_view available(in_.data() + used_, in_.size() - used_);
    switch (framing_) {
      case Framing::none:
        ended_ = true;
        return Event::end;
      case Framing::length: {
        if (body_left_ == 0) {
          ended_ = true;
          return Event::end;
        }
        if (available.empty()) return Event::more;
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, available.size()));
        used_ += n;
        body_left_ -= n;
        part_ = available.substr(0, n);
        return Event::body;
      }
      case Framing::chunked: {
        // The bytes decoded before the framing broke are handed on first, however the answer
        // was split: the failure comes next.
        if (chunked_.state() == ChunkedBody::State::malformed) {
          return fail(net::TransferFailure::other, "the upstream's chunked answer body is malformed");
        }
        if (chunked_.state() == ChunkedBody::State::done) {
          ended_ = true;
          return Event::end;
        }
        if (available.empty()) return Event::more;
        decoded_.clear();
        used_ += chunked_.feed(available, decoded_);
        if (decoded_.empty()) continue;  // only framing was read: a size line, the end, a trailer
        part_ = decoded_;
        return Event::body;
      }
      case Framing::close:
        if (available.empty()) return Event::more;
        used_ = in_.size();
        part_ = available;
        return Event::body;
    }
  }
}

AnswerReader::Event AnswerReader::closed(int error) {
  part_ = {};
  if (failed_) return Event::failed;
  if (ended_) return Event::end;
  if (error == 0 && head_->complete && framing_ == Framing::close) {
    ended_ = true;
    return Event::end;
  }
  std::string detail;
  if (error != 0) {
    detail = std::strerror(error);
  } else if (!heard_) {
    detail = "empty reply from server";
  } else if (!head_->complete) {
    detail = "the connection closed in the answer's head";
  } else if (framing_ == Framing::length) {
    detail = "the connection closed " + std::to_string(body_left_) + " bytes before the body's end";
  } else {
    detail = "the connection closed before the chunked body's end";
  }
  return fail(net::TransferFailure::connection_reset, "connection reset or closed by the server (" + detail + ")");
}

bool AnswerReader::reusable() const {
  return ended_ && framing_ != Framing::close && !close_field_ && (!http10_ || keep_alive_field_) && used_ == in_.size();
}

bool AnswerReader::read_head() {
  while (!head_->complete) {
    const auto newline = in_.find('\n', used_);
    const std::size_t line_size = newline == std::string::npos ? in_.size() - used_ : newline + 1 - used_;
    if (line_size > k_max_answer_line) {
      fail(net::TransferFailure::other, "a line of the upstream's answer head is over 100 KiB");
      return false;
    }
    if (head_bytes_ + line_size > k_max_answer_head) {
      fail(net::TransferFailure::other, "the upstream's answer head is over 300 KiB");
      return false;
    }
    if (newline == std::string::npos) return false;
    const std::string_view line(in_.data() + used_, line_size);
    head_bytes_ += line_size;
    used_ = newline + 1;
    if (expect_status_) {
      if (!line.starts_with("HTTP/1.")) {
        fail(net::TransferFailure::other, "the upstream's answer is not HTTP/1.x");
        return false;
      }
      expect_status_ = false;
      http10_ = line.starts_with("HTTP/1.0");
      close_field_ = keep_alive_field_ = transfer_coded_ = chunked_answer_ = false;
      length_.reset();
      head_->status = 0;  // a malformed line after a 1xx must not keep the 1xx's status
      head_->take(line);
      if (head_->status < 100) {
        fail(net::TransferFailure::other, "the upstream's status line is malformed");
        return false;
      }
      continue;
    }
    if (line == "\r\n" || line == "\n") {
      head_->take(line);
      if (head_->status < 200) expect_status_ = true;  // a 1xx answer: the final one follows
      continue;
    }
    take_field(line);
    if (failed_) return false;
  }
  return true;
}

void AnswerReader::take_field(std::string_view line) {
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    if (iequals_ascii(name, "Content-Length")) {
      // RFC 9112 section 6.3: a length that does not parse, or lengths that differ, cannot say
      // where the answer ends. A list of one value repeated is that value (libcurl takes it too).
      auto length = content_length_of(value);
      if (!length || (length_ && *length_ != *length)) {
        fail(net::TransferFailure::other, "the upstream's Content-Length is invalid: " + std::string(trim(value)));
        return;
      }
      length_ = length;
    } else if (iequals_ascii(name, "Transfer-Encoding")) {
      transfer_coded_ = true;
      chunked_answer_ = ends_chunked(value);
    } else if (iequals_ascii(name, "Connection")) {
      close_field_ = close_field_ || has_token(value, "close");
      keep_alive_field_ = keep_alive_field_ || has_token(value, "keep-alive");
    }
  }
  head_->take(line);
  if (length_) head_->content_length = length_;  // "5, 5" too, which AnswerHead does not read
}

// RFC 9112 section 6.3: how the answer's body is delimited.
void AnswerReader::begin_body() {
  if (!response_has_body(method_, head_->status)) {
    framing_ = Framing::none;
  } else if (transfer_coded_) {
    head_->content_length.reset();  // a length beside a transfer coding means nothing
    framing_ = chunked_answer_ ? Framing::chunked : Framing::close;
  } else if (head_->content_length) {
    framing_ = Framing::length;
    body_left_ = *head_->content_length;
  } else {
    framing_ = Framing::close;
  }
}

AnswerReader::Event AnswerReader::fail(net::TransferFailure failure, std::string why) {
  failed_ = true;
  failure_ = failure;
  why_ = std::move(why);
  return Event::failed;
}

}  // namespace sonde::proxy
