#include "core/replay/multipart.hpp"

#include "core/util/digest.hpp"

namespace sonde::replay {

namespace {

// Quotes a name or filename the way browsers and curl do: `"` and CR/LF are percent-encoded
// (RFC 7578 §2 leaves escaping to the producer; the WHATWG form encoder uses %22, %0D, %0A).
std::string form_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out + "\"";
}

bool occurs_in_any(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  for (const auto& part : parts) {
    if (part.data.find(boundary) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string multipart_boundary(const std::vector<MultipartPart>& parts) {
  static constexpr std::string_view alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string seed;
  for (const auto& part : parts) {
    seed += part.name;
    seed += '\0';
    seed += part.filename.value_or("");
    seed += '\0';
    seed += part.data;
    seed += '\0';
  }
  for (unsigned attempt = 0;; ++attempt) {
    std::string digest = sha256(seed + std::to_string(attempt));
    std::string boundary(24, '-');
    for (std::size_t i = 0; i < 22; ++i) {
      boundary += alphabet[static_cast<unsigned char>(digest[i]) % alphabet.size()];
    }
    if (!occurs_in_any(parts, boundary)) return boundary;
  }
}

std::string encode_multipart(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  std::string body;
  for (const auto& part : parts) {
    body += "--";
    body += boundary;
    body += "\r\nContent-Disposition: form-data; name=" + form_quoted(part.name);
    if (part.filename) body += "; filename=" + form_quoted(*part.filename);
    body += "\r\n";
    if (part.content_type) body += "Content-Type: " + *part.content_type + "\r\n";
    for (const auto& h : part.extra_headers) body += h.name + ": " + h.value + "\r\n";
    body += "\r\n";
    body += part.data;
    body += "\r\n";
  }
  body += "--";
  body += boundary;
  body += "--\r\n";
  return body;
}

std::string multipart_content_type(std::string_view boundary) {
  return "multipart/form-data; boundary=" + std::string(boundary);
}

}  // namespace sonde::replay
