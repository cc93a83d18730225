#include "core/proxy/traffic_har.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

#include "core/util/atomic_file.hpp"
#include "core/util/base64.hpp"
#include "core/util/body_redaction.hpp"
#include "core/util/header_field.hpp"
#include "sonde/build_info.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::proxy {

namespace {

using nlohmann::ordered_json;

std::string iso8601(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(ms % 1000));
  return out;
}

ordered_json headers(const mock::HeaderList& list, const Redactor& redactor) {
  ordered_json out = ordered_json::array();
  for (const auto& [name, value] : list) out.push_back({{"name", name}, {"value", redactor.shown(name, value)}});
  return out;
}

// A Content-Encoding other than identity: HAR's content.text is the decoded body, which the proxy
// does not have (it forwards the compressed bytes untouched).
std::string encoding_of(const mock::HeaderList& list) {
  for (const auto& [name, value] : list) {
    if (iequals_ascii(name, "Content-Encoding") && !iequals_ascii(value, "identity")) return value;
  }
  return {};
}

// HAR text is JSON text: bytes that are not UTF-8 travel base64. Credentials in the body are
// masked first, and the reader is told (a masked value may fail its schema in check --har).
void put_text(ordered_json& at, const std::string& original, const Redactor& redactor, const std::string& mime) {
  const std::string body = shown_body(redactor, mime, original);
  if (body != original) at["comment"] = "credential-named fields masked (--show-secrets records them)";
  if (invalid_utf8_at(body) == std::string::npos) {
    at["text"] = body;
  } else {
    at["text"] = base64_encode(body);
    at["encoding"] = "base64";
  }
}

ordered_json entry_json(const RecordedExchange& ex, const Redactor& redactor) {
  ordered_json request = {{"method", ex.request.method},
                          {"url", redactor.shown_url(ex.url)},
                          {"httpVersion", "HTTP/1.1"},
                          {"cookies", ordered_json::array()},
                          {"headers", headers(ex.request.headers, redactor)},
                          {"queryString", ordered_json::array()},
                          {"headersSize", -1},
                          {"bodySize", ex.request_body_streamed ? -1 : static_cast<long long>(ex.request.body.size())}};
  if (ex.request_body_streamed) {
    // No text: the body is unknown, not empty (check --har leaves its content unchecked).
    request["postData"] = {{"mimeType", first_header(ex.request.headers, "Content-Type")},
                           {"comment", "passed on as it arrived, not recorded (check --har leaves the body unchecked)"}};
  } else if (!ex.request.body.empty()) {
    ordered_json post = {{"mimeType", first_header(ex.request.headers, "Content-Type")}};
    put_text(post, ex.request.body, redactor, first_header(ex.request.headers, "Content-Type"));
    request["postData"] = std::move(post);
  }
  ordered_json content = {{"size", ex.response.body.size()}, {"mimeType", first_header(ex.response.headers, "Content-Type")}};
  if (ex.body_streamed) {
    content["comment"] = "passed on as it arrived, not recorded (check --har leaves the body unchecked)";
  } else if (auto encoding = encoding_of(ex.response.headers); !encoding.empty()) {
    content["comment"] = "sent " + encoding + "-encoded; not decoded, so no text (check --har leaves the body unchecked)";
  } else {
    put_text(content, ex.response.body, redactor, first_header(ex.response.headers, "Content-Type"));
  }
  ordered_json response = {{"status", ex.response.status},
                           {"statusText", ""},
                           {"httpVersion", "HTTP/1.1"},
                           {"cookies", ordered_json::array()},
                           {"headers", headers(ex.response.headers, redactor)},
                           {"content", std::move(content)},
                           {"redirectURL", ""},
                           {"headersSize", -1},
                           {"bodySize", ex.body_streamed ? -1 : static_cast<long long>(ex.response.body.size())}};
  return {{"startedDateTime", iso8601(ex.started)},
          {"time", ex.time_ms},
          {"request", std::move(request)},
          {"response", std::move(response)},
          {"cache", ordered_json::object()},
          {"timings", {{"send", 0}, {"wait", ex.time_ms}, {"receive", 0}}}};
}

// Header values, URLs and methods are the client's bytes, which need not be UTF-8: replace, never throw.
std::string dumped(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

// The document around the entries: one entry per line between these two.
std::string har_head() {
  ordered_json creator = {{"name", "sonde check --proxy"}, {"version", std::string(k_version)}};
  return R"({"log":{"version":"1.2","creator":)" + dumped(creator) + R"(,"entries":[)";
}
constexpr std::string_view k_har_tail = "\n]}}\n";

}  // namespace

std::string to_har(const std::vector<RecordedExchange>& exchanges, const Redactor& redactor) {
  std::string out = har_head();
  for (std::size_t i = 0; i < exchanges.size(); ++i) out.append(i ? ",\n" : "\n").append(dumped(entry_json(exchanges[i], redactor)));
  return out.append(k_har_tail);
}

Result<HarWriter> HarWriter::open(const std::string& path, Redactor redactor) {
  auto file = AtomicFileWriter::open(path);
  if (!file) return std::unexpected(file.error());
  HarWriter w(std::move(*file), std::move(redactor));
  w.file_.write(har_head());
  return w;
}

std::optional<Error> HarWriter::add(const RecordedExchange& exchange) {
  {
    std::lock_guard lock(*mutex_);
    if (file_.failure()) return std::nullopt;  // told once already: spare the encoding
  }
  const std::string entry = dumped(entry_json(exchange, redactor_));
  std::lock_guard lock(*mutex_);
  file_.write(entries_++ ? ",\n" : "\n");
  file_.write(entry);
  if (const Error* failed = file_.failure(); failed && !failure_told_) {
    failure_told_ = true;
    return *failed;
  }
  return std::nullopt;
}

Result<void> HarWriter::finish() {
  std::lock_guard lock(*mutex_);
  file_.write(k_har_tail);
  return file_.commit();
}

}  // namespace sonde::proxy
