#pragma once
/// The chunked transfer coding of a request body (RFC 9112 section 7.1), decoded as the bytes
/// arrive in any split: chunk sizes, extensions (ignored), data, trailer fields (dropped, as the
/// body the proxy forwards is framed anew). A size that does not parse, a missing CRLF after a
/// chunk or an over-long size or trailer line makes the body malformed: the connection's bytes
/// past it mean nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::proxy {

class ChunkedBody {
 public:
  enum class State { more, done, malformed };

  /// Decodes what it can of `in`, appending the body's bytes to `out`; returns how many bytes of
  /// `in` it consumed (all of them unless the body ended inside `in`: the rest is the next request).
  std::size_t feed(std::string_view in, std::string& out);
  State state() const { return state_; }

 private:
  enum class Step { size, extension, size_lf, data, data_cr, data_lf, trailer, trailer_lf };
  Step step_ = Step::size;
  State state_ = State::more;
  std::uint64_t left_ = 0;       ///< data bytes left in the current chunk
  std::size_t digits_ = 0;       ///< hex digits of the current size
  std::size_t line_bytes_ = 0;   ///< of the current size or trailer line
  bool trailer_empty_ = true;    ///< the current trailer line has no byte yet
};

}  // namespace sonde::proxy
