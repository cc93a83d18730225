#include "core/check/har_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <strings.h>

#include "core/check/json_tape.hpp"
#include "core/util/base64.hpp"
#include "core/util/file_read.hpp"

namespace sonde::check {

namespace {


// Where in the HAR a problem is, for the one-line error: "file.har: entry 3 (log.entries[2])".
std::string entry_where(const std::string& path, std::size_t i) {
  return path + ": entry " + std::to_string(i + 1) + " (log.entries[" + std::to_string(i) + "])";
}

// The member `key` of `v` when it exists and has type `type`.
std::optional<JsonValue> member(JsonValue v, std::string_view key, JsonType type) {
  JsonValue found{nullptr, 0};
  if (!v.find(key, found) || found.type() != type) return std::nullopt;
  return found;
}

std::optional<double> number(JsonValue v, std::string_view key) {
  JsonValue found{nullptr, 0};
  if (!v.find(key, found) || (found.type() != JsonType::integer && found.type() != JsonType::number)) return std::nullopt;
  return found.as_double();
}

// application/x-www-form-urlencoded text of postData.params, for exports that keep only those.
std::string form_text(JsonValue params) {
  auto encode = [](std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
      else if (c == ' ') out += '+';
      else out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
  };
  std::string out;
  JsonValue p = params.first_child();
  for (std::size_t i = 0; i < params.size(); ++i, p = p.next_sibling()) {
    auto name = member(p, "name", JsonType::string);
    auto value = member(p, "value", JsonType::string);
    if (!name) continue;
    out += (out.empty() ? "" : "&") + encode(name->text()) + "=" + (value ? encode(value->text()) : "");
  }
  return out;
}

// multipart/form-data text of postData.params (a browser keeps the fields, file names and types
// of an upload there, often without its bytes), under a boundary of our own.
constexpr std::string_view k_params_boundary = "sonde-har-params";

std::string multipart_text(JsonValue params) {
  std::string out;
  JsonValue p = params.first_child();
  for (std::size_t i = 0; i < params.size(); ++i, p = p.next_sibling()) {
    auto name = member(p, "name", JsonType::string);
    if (!name) continue;
    auto value = member(p, "value", JsonType::string);
    auto file = member(p, "fileName", JsonType::string);
    auto type = member(p, "contentType", JsonType::string);
    out += "--" + std::string(k_params_boundary) + "\r\nContent-Disposition: form-data; name=\"" + std::string(name->text()) + "\"";
    if (file) out += "; filename=\"" + std::string(file->text()) + "\"";
    out += "\r\n";
    if (type && !type->text().empty()) out += "Content-Type: " + std::string(type->text()) + "\r\n";
    out += "\r\n" + (value ? std::string(value->text()) : std::string()) + "\r\n";
  }
  return out + "--" + std::string(k_params_boundary) + "--\r\n";
}

// The request's headers and body (postData.text, else its params as a form), as sent.
void read_request(JsonValue request, HttpExchange& ex) {
  if (auto headers = member(request, "headers", JsonType::array)) {
    JsonValue h = headers->first_child();
    for (std::size_t i = 0; i < headers->size(); ++i, h = h.next_sibling()) {
      auto name = member(h, "name", JsonType::string);
      auto value = member(h, "value", JsonType::string);
      // HTTP/2 pseudo-headers (:authority, :path) are the URL again, not headers of the contract.
      if (name && value && !name->text().starts_with(":")) {
        ex.request_headers.emplace_back(std::string(name->text()), std::string(value->text()));
      }
    }
  }
  auto post = member(request, "postData", JsonType::object);
  if (!post) return;
  auto mime = member(*post, "mimeType", JsonType::string);
  if (auto text = member(*post, "text", JsonType::string)) {
    ex.request_body = std::string(text->text());
  } else if (auto params = member(*post, "params", JsonType::array)) {
    const auto* type = find_header(ex.request_headers, "content-type");
    const std::string_view sent = type ? std::string_view(*type) : mime ? mime->text() : std::string_view();
    if (sent.size() >= 19 && ::strncasecmp(sent.data(), "multipart/form-data", 19) == 0) {
      // Rebuilt under our boundary: the Content-Type must name it for the body to be read.
      ex.request_body = multipart_text(*params);
      std::erase_if(ex.request_headers, [](const auto& h) { return ::strcasecmp(h.first.c_str(), "content-type") == 0; });
      ex.request_headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + std::string(k_params_boundary));
      return;
    }
    ex.request_body = form_text(*params);
  } else {
    ex.request_body_recorded = false;  // a body was sent, its bytes were not kept
  }
  if (mime && !mime->text().empty() && !find_header(ex.request_headers, "content-type")) {
    ex.request_headers.emplace_back("Content-Type", std::string(mime->text()));
  }
}

Result<HttpExchange> read_entry(JsonValue entry, const std::string& where) {
  auto bad = [&](const std::string& what) { return fail(ErrorKind::invalid_input, "invalid HAR: " + what, where); };
  if (entry.type() != JsonType::object) return bad("an entry must be an object");
  auto request = member(entry, "request", JsonType::object);
  auto response = member(entry, "response", JsonType::object);
  if (!request) return bad("entry has no request object");
  if (!response) return bad("entry has no response object");
  auto method = member(*request, "method", JsonType::string);
  auto url = member(*request, "url", JsonType::string);
  auto status = member(*response, "status", JsonType::integer);
  if (!method) return bad("request.method is missing");
  if (!url) return bad("request.url is missing");
  if (!status || status->is_big_integer()) return bad("response.status is missing");
  HttpExchange ex;
  ex.method = std::string(method->text());
  ex.url = std::string(url->text());
  ex.status = static_cast<int>(std::clamp<std::int64_t>(status->entry().i, -1, 999));
  if (auto time = number(entry, "time"); time && *time > 0) ex.time_ms = *time;
  read_request(*request, ex);
  if (auto headers = member(*response, "headers", JsonType::array)) {
    JsonValue h = headers->first_child();
    for (std::size_t i = 0; i < headers->size(); ++i, h = h.next_sibling()) {
      auto name = member(h, "name", JsonType::string);
      auto value = member(h, "value", JsonType::string);
      if (name && value) ex.headers.emplace_back(std::string(name->text()), std::string(value->text()));
    }
  }
  auto content = member(*response, "content", JsonType::object);
  if (!content) return ex;
  auto text = member(*content, "text", JsonType::string);
  // Exports "without content" keep the size but drop the text: the body is unknown, not empty.
  if (!text && number(*content, "size").value_or(0) > 0) ex.body_recorded = false;
  if (text) {
    auto encoding = member(*content, "encoding", JsonType::string);
    if (encoding && encoding->text() == "base64") {
      std::string decoded;
      // Standard alphabet as HAR writers use; some tools write the URL-safe one.
      auto bytes = base64_decode(text->text());
      if (!bytes) bytes = base64_decode(text->text(), true);
      if (!bytes) return bad("response.content.text is not valid base64");
      decoded = std::move(*bytes);
      ex.body = std::move(decoded);
    } else {
      ex.body = std::string(text->text());
    }
  }
  // Devtools often drop the header but keep the MIME type of the content.
  auto mime = member(*content, "mimeType", JsonType::string);
  if (!find_header(ex.headers, "content-type") && mime && !mime->text().empty() && !ex.body.empty()) {
    ex.headers.emplace_back("Content-Type", std::string(mime->text()));
  }
  return ex;
}

}  // namespace

Result<std::vector<HttpExchange>> parse_har(std::string text, const std::string& path) {
  // The tape keeps strings where they are, so a HAR costs about its size plus the bodies copied
  // out of it (nlohmann's DOM cost ~6x the file).
  auto har = parse_json(text);
  if (!har) {
    int line = 0, col = 0;
    std::sscanf(har.error().where.c_str(), "line %d, column %d", &line, &col);
    std::string reason = har.error().message.substr(har.error().message.find(':') + 2);
    return fail(ErrorKind::invalid_input, "invalid HAR: not JSON (" + reason + ")",
                path + ":" + std::to_string(line) + ":" + std::to_string(col));
  }
  auto log = member(har->root(), "log", JsonType::object);
  auto entries = log ? member(*log, "entries", JsonType::array) : std::nullopt;
  if (!entries) {
    return fail(ErrorKind::invalid_input, "invalid HAR: no log.entries array", path,
                "export a HAR 1.2 file from the browser's network panel or your proxy");
  }
  std::vector<HttpExchange> out;
  JsonValue entry = entries->first_child();
  for (std::size_t i = 0; i < entries->size(); ++i, entry = entry.next_sibling()) {
    auto ex = read_entry(entry, entry_where(path, i));
    if (!ex) return std::unexpected(ex.error());
    out.push_back(std::move(*ex));
  }
  return out;
}

Result<std::vector<HttpExchange>> read_har(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_har(std::move(*text), path);
}

}  // namespace sonde::check
