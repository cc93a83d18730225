#include "core/flow/request_builder.hpp"

#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "core/flow/file_root.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/base64.hpp"
#include "core/util/body_redaction.hpp"
#include "core/util/header_field.hpp"
#include "core/util/shell_quote.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::flow {

namespace {


// application/x-www-form-urlencoded (WHATWG URL): space as '+', the rest percent-encoded.
std::string form_encode(const std::string& text) {
  std::string out = percent_encode(text);
  for (auto pos = out.find("%20"); pos != std::string::npos; pos = out.find("%20", pos + 1)) out.replace(pos, 3, "+");
  return out;
}

bool has_header(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (iequals_ascii(n, name)) return true;
  }
  return false;
}

Result<void> add_pairs(const std::vector<hurl::KeyValue>& pairs, const Variables& vars, const std::string& file,
                       std::string& out, char separator) {
  for (const auto& kv : pairs) {
    auto key = vars.render(kv.key, file);
    auto value = vars.render(kv.value, file);
    if (!key) return std::unexpected(key.error());
    if (!value) return std::unexpected(value.error());
    if (!out.empty()) out += separator;
    out += form_encode(*key) + "=" + form_encode(*value);
  }
  return {};
}

Result<void> multipart(const hurl::Request& r, const Variables& vars, const std::string& file, const std::string& file_root,
                       OutgoingRequest& out) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  char boundary[48];
  std::snprintf(boundary, sizeof boundary, "------------------------%016llx", static_cast<unsigned long long>(engine()));
  for (const auto& p : r.multipart) {
    auto name = vars.render(p.name, file);
    auto value = vars.render(p.value, file);
    if (!name) return std::unexpected(name.error());
    if (!value) return std::unexpected(value.error());
    out.body += std::string("--") + boundary + "\r\n";
    if (p.is_file) {
      auto bytes = read_named_file(*value, file, file_root, hurl::at(file, p.pos));
      if (!bytes) return std::unexpected(bytes.error());
      std::string type = "application/octet-stream";
      if (p.content_type) {
        auto t = vars.render(*p.content_type, file);
        if (!t) return std::unexpected(t.error());
        type = *t;
      }
      out.body += "Content-Disposition: form-data; name=\"" + *name + "\"; filename=\"" +
                  std::filesystem::path(*value).filename().string() + "\"\r\nContent-Type: " + type + "\r\n\r\n" +
                  *bytes + "\r\n";
    } else {
      out.body += "Content-Disposition: form-data; name=\"" + *name + "\"\r\n\r\n" + *value + "\r\n";
    }
  }
  out.body += std::string("--") + boundary + "--\r\n";
  out.has_body = true;
  if (!has_header(out.headers, "Content-Type")) {
    out.headers.emplace_back("Content-Type", std::string("multipart/form-data; boundary=") + boundary);
  }
  return {};
}

Result<void> body(const hurl::Body& b, const Variables& vars, const std::string& file, const std::string& file_root,
                  OutgoingRequest& out) {
  using K = hurl::Body::Kind;
  if (b.kind == K::base64 || b.kind == K::hex) {
    out.body = b.text.parts.empty() ? "" : b.text.parts[0].text;
  } else if (b.kind == K::file) {
    auto name = vars.render(b.text, file);
    if (!name) return std::unexpected(name.error());
    auto bytes = read_named_file(*name, file, file_root, hurl::at(file, b.pos));
    if (!bytes) return std::unexpected(bytes.error());
    out.body = std::move(*bytes);
  } else if (b.kind == K::graphql) {
    auto payload = graphql_payload(b, vars, file);
    if (!payload) return std::unexpected(payload.error());
    out.body = std::move(*payload);
  } else {
    auto text = vars.render(b.text, file);
    if (!text) return std::unexpected(text.error());
    out.body = std::move(*text);
  }
  out.has_body = true;
  // Hurl sends a JSON, GraphQL (as JSON) or XML body with its type unless the file set one.
  if (!has_header(out.headers, "Content-Type")) {
    if (b.kind == K::json || b.kind == K::graphql) out.headers.emplace_back("Content-Type", "application/json");
    if (b.kind == K::xml) out.headers.emplace_back("Content-Type", "application/xml");
  }
  return {};
}

// A file name as curl's --cert reads it: a ':' in it is escaped, the first bare one starts the
// passphrase.
std::string escaped_colons(const std::string& file) {
  std::string out;
  for (char c : file) {
    if (c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Result<std::string> graphql_payload(const hurl::Body& b, const Variables& vars, const std::string& file) {
  auto query = vars.render(b.text, file);
  if (!query) return std::unexpected(query.error());
  // The query is sent without the blank lines and indentation around it, as Hurl does.
  const auto first = query->find_first_not_of(" \t\r\n");
  const auto last = query->find_last_not_of(" \t\r\n");
  nlohmann::json payload = nlohmann::json::object();
  payload["query"] = first == std::string::npos ? "" : query->substr(first, last - first + 1);
  if (b.graphql_variables) {
    auto text = vars.render(*b.graphql_variables, file);
    if (!text) return std::unexpected(text.error());
    const std::string where = file + ":" + std::to_string(b.pos.line) + ":" + std::to_string(b.pos.col);
    // Parsing recurses once per level: a deeper object is refused before it is parsed.
    auto variables = json_nesting_exceeds(*text) ? nlohmann::json(nlohmann::json::value_t::discarded)
                                                 : nlohmann::json::parse(*text, nullptr, false);
    if (variables.is_discarded() || !variables.is_object()) {
      return fail(ErrorKind::invalid_input, "the GraphQL 'variables' block is not a JSON object", where);
    }
    payload["variables"] = std::move(variables);
  }
  // Bytes that are not UTF-8 (a query read from a Latin-1 file) are replaced, not thrown on.
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<OutgoingRequest> build_request(const hurl::Request& r, const Variables& vars, const std::string& file,
                                      const std::string& file_root) {
  OutgoingRequest out;
  out.method = r.method;
  auto url = vars.render(r.url, file);
  if (!url) return std::unexpected(url.error());
  out.url = *url;
  std::string query;
  if (auto ok = add_pairs(r.query_params, vars, file, query, '&'); !ok) return std::unexpected(ok.error());
  if (!query.empty()) {
    auto fragment = out.url.find('#');
    std::string tail = fragment == std::string::npos ? "" : out.url.substr(fragment);
    out.url = out.url.substr(0, fragment);
    out.url += (out.url.find('?') == std::string::npos ? "?" : "&") + query + tail;
  }
  for (const auto& h : r.headers) {
    auto name = vars.render(h.key, file);
    auto value = vars.render(h.value, file);
    if (!name) return std::unexpected(name.error());
    if (!value) return std::unexpected(value.error());
    out.headers.emplace_back(*name, *value);
  }
  if (r.basic_auth) {
    auto user = vars.render(r.basic_auth->key, file);
    auto password = vars.render(r.basic_auth->value, file);
    if (!user) return std::unexpected(user.error());
    if (!password) return std::unexpected(password.error());
    out.headers.emplace_back("Authorization", "Basic " + base64_encode(*user + ":" + *password));
  }
  for (const auto& c : r.cookies) {
    auto name = vars.render(c.key, file);
    auto value = vars.render(c.value, file);
    if (!name) return std::unexpected(name.error());
    if (!value) return std::unexpected(value.error());
    out.cookies += (out.cookies.empty() ? "" : "; ") + *name + "=" + *value;
  }
  if (!r.form_params.empty()) {
    if (auto ok = add_pairs(r.form_params, vars, file, out.body, '&'); !ok) return std::unexpected(ok.error());
    out.has_body = true;
    if (!has_header(out.headers, "Content-Type")) out.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  if (!r.multipart.empty()) {
    if (auto ok = multipart(r, vars, file, file_root, out); !ok) return std::unexpected(ok.error());
  }
  if (r.body) {
    if (auto ok = body(*r.body, vars, file, file_root, out); !ok) return std::unexpected(ok.error());
  }
  return out;
}

std::string to_curl(const OutgoingRequest& request, const Redactor& redactor, const CallOptions& call) {
  std::string out = "curl";
  if (call.insecure) out += " -k";
  if (!call.cacert.empty()) out += " --cacert " + shell_quote(call.cacert);
  if (!call.cert.empty()) {  // curl's --cert FILE[:PASSWORD], the passphrase masked
    std::string cert = escaped_colons(call.cert);
    if (!call.cert_password.empty()) cert += ":" + redactor.shown("X-Password", call.cert_password);
    out += " --cert " + shell_quote(cert);
  }
  if (!call.key.empty()) out += " --key " + shell_quote(call.key);
  if (!call.pinned_public_key.empty()) out += " --pinnedpubkey " + shell_quote(call.pinned_public_key);
  if (call.follow_location) {
    out += " -L";
    if (call.max_redirs != CallOptions{}.max_redirs) out += " --max-redirs " + std::to_string(call.max_redirs);
    if (call.location_trusted) out += " --location-trusted";
  }
  if (auto ms = call.connect_timeout.count(); ms > 0) {  // curl takes seconds, with decimals
    std::string seconds = std::to_string(ms / 1000);
    if (ms % 1000 != 0) {
      std::string frac = std::to_string(1000 + ms % 1000).substr(1);
      while (frac.back() == '0') frac.pop_back();
      seconds += "." + frac;
    }
    out += " --connect-timeout " + seconds;
  }
  if (call.http_version == HttpVersion::http1_0) out += " --http1.0";
  if (call.http_version == HttpVersion::http1_1) out += " --http1.1";
  if (call.http_version == HttpVersion::http2) out += " --http2";
  if (call.ip_version == 4) out += " -4";
  if (call.ip_version == 6) out += " -6";
  if (call.compressed) out += " --compressed";
  if (call.path_as_is) out += " --path-as-is";
  if (call.limit_rate > 0) out += " --limit-rate " + std::to_string(call.limit_rate);
  if (!call.proxy.empty()) out += " -x " + shell_quote(redactor.shown_url(call.proxy));
  if (!call.unix_socket.empty()) out += " --unix-socket " + shell_quote(call.unix_socket);
  if (!call.user.empty()) {  // user:password is a credential: the password is masked like a header's
    const auto colon = call.user.find(':');
    out += " -u " + shell_quote(colon == std::string::npos ? call.user
                                                           : call.user.substr(0, colon + 1) +
                                                                 redactor.shown("X-Password", call.user.substr(colon + 1)));
  }
  if (!call.aws_sigv4.empty()) out += " --aws-sigv4 " + shell_quote(call.aws_sigv4);
  if (call.netrc == Netrc::optional) out += " --netrc-optional";
  if (call.netrc == Netrc::required && call.netrc_file.empty()) out += " --netrc";
  if (!call.netrc_file.empty()) out += " --netrc-file " + shell_quote(call.netrc_file);
  for (const auto& r : call.resolve) out += " --resolve " + shell_quote(r);
  for (const auto& c : call.connect_to) out += " --connect-to " + shell_quote(c);
  const bool implied = request.method == (request.has_body ? "POST" : "GET");
  if (request.method == "HEAD") out += " --head";
  else if (!implied) out += " -X " + shell_quote(request.method);
  for (const auto& [name, value] : request.headers) {
    const std::string shown = redactor.shown(name, value);
    out += " -H " + shell_quote(shown.empty() ? name + ";" : name + ": " + shown);
  }
  if (!request.cookies.empty()) out += " -b " + shell_quote(redactor.shown("Cookie", request.cookies));
  if (request.has_body) {
    out += " --data-binary " + shell_quote(shown_body(redactor, first_header(request.headers, "Content-Type"), request.body));
  }
  return out + " " + shell_quote(redactor.shown_url(request.url));
}

}  // namespace sonde::flow
