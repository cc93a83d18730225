#include "core/report/markup_escape.hpp"

#include "core/util/text_codec.hpp"

namespace sonde::report {

namespace {
constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      std::size_t n = utf8_sequence_length(p, end);
      if (n == 0) {
        out += k_replacement;
        ++p;
      } else {
        out.append(p, n);
        p += n;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) out += k_replacement;
        else out += static_cast<char>(c);
    }
    ++p;
  }
  return out;
}


}  // namespace sonde::report
