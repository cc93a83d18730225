#include "core/check/har_reader.hpp"

#include <nlohmann/json.hpp>

#include "core/util/atomic_file.hpp"

namespace sonde::check {

namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

bool base64_decode(const std::string& in, std::string& out) {
  out.clear();
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    int v = base64_value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return true;
}

// Where in the HAR a problem is, for the one-line error: "file.har: entry 3 (log.entries[2])".
std::string entry_where(const std::string& path, std::size_t i) {
  return path + ": entry " + std::to_string(i + 1) + " (log.entries[" + std::to_string(i) + "])";
}

Result<HttpExchange> read_entry(const nlohmann::json& entry, const std::string& where) {
  auto bad = [&](const std::string& what) { return fail(ErrorKind::invalid_input, "invalid HAR: " + what, where); };
  if (!entry.is_object()) return bad("an entry must be an object");
  const auto request = entry.find("request");
  const auto response = entry.find("response");
  if (request == entry.end() || !request->is_object()) return bad("entry has no request object");
  if (response == entry.end() || !response->is_object()) return bad("entry has no response object");
  HttpExchange ex;
  if (!request->contains("method") || !(*request)["method"].is_string()) return bad("request.method is missing");
  if (!request->contains("url") || !(*request)["url"].is_string()) return bad("request.url is missing");
  if (!response->contains("status") || !(*response)["status"].is_number_integer()) return bad("response.status is missing");
  ex.method = (*request)["method"].get<std::string>();
  ex.url = (*request)["url"].get<std::string>();
  ex.status = (*response)["status"].get<int>();
  if (auto time = entry.find("time"); time != entry.end() && time->is_number() && time->get<double>() > 0) {
    ex.time_ms = time->get<double>();
  }
  if (auto headers = response->find("headers"); headers != response->end() && headers->is_array()) {
    for (const auto& h : *headers) {
      if (h.is_object() && h.contains("name") && h.contains("value") && h["name"].is_string() && h["value"].is_string()) {
        ex.headers.emplace_back(h["name"].get<std::string>(), h["value"].get<std::string>());
      }
    }
  }
  if (auto content = response->find("content"); content != response->end() && content->is_object()) {
    auto text = content->find("text");
    // Exports "without content" keep the size but drop the text: the body is unknown, not empty.
    auto size = content->find("size");
    if (text == content->end() && size != content->end() && size->is_number() && size->get<double>() > 0) {
      ex.body_recorded = false;
    }
    if (text != content->end() && text->is_string()) {
      auto encoding = content->find("encoding");
      if (encoding != content->end() && encoding->is_string() && encoding->get<std::string>() == "base64") {
        std::string decoded;
        if (!base64_decode(text->get<std::string>(), decoded)) return bad("response.content.text is not valid base64");
        ex.body = std::move(decoded);
      } else {
        ex.body = text->get<std::string>();
      }
    }
    // Devtools often drop the header but keep the MIME type of the content.
    if (!find_header(ex.headers, "content-type") && content->contains("mimeType") && (*content)["mimeType"].is_string() &&
        !(*content)["mimeType"].get<std::string>().empty() && !ex.body.empty()) {
      ex.headers.emplace_back("Content-Type", (*content)["mimeType"].get<std::string>());
    }
  }
  return ex;
}

}  // namespace

Result<std::vector<HttpExchange>> parse_har(const std::string& text, const std::string& path) {
  nlohmann::json har;
  try {
    har = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based; name the line and column like every other file error.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return fail(ErrorKind::invalid_input, "invalid HAR: not JSON",
                path + ":" + std::to_string(line) + ":" + std::to_string(col));
  }
  if (!har.is_object() || !har.contains("log") || !har["log"].is_object() || !har["log"].contains("entries") ||
      !har["log"]["entries"].is_array()) {
    return fail(ErrorKind::invalid_input, "invalid HAR: no log.entries array", path,
                "export a HAR 1.2 file from the browser's network panel or your proxy");
  }
  std::vector<HttpExchange> out;
  const auto& entries = har["log"]["entries"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto ex = read_entry(entries[i], entry_where(path, i));
    if (!ex) return std::unexpected(ex.error());
    out.push_back(std::move(*ex));
  }
  return out;
}

Result<std::vector<HttpExchange>> read_har(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_har(*text, path);
}

}  // namespace sonde::check
