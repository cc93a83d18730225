#include "core/util/redaction.hpp"

#include <algorithm>

namespace sonde {

namespace {

// ASCII only, inline: std::tolower is a call into libc per character (and follows the locale),
// and these comparisons run on every header of every exchange through the proxy.
constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool icontains(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return lower(a) == lower(b); });
  return it != haystack.end();
}

// Substrings that mark a header as carrying a credential, whatever its prefix (X-, Api-...).
constexpr std::string_view k_secret_parts[] = {"api-key", "apikey", "api_key", "token", "secret", "password", "passwd",
                                               "session"};

// Names that hold "token" but no credential: pagination cursors (AWS's nextToken, Google's
// pageToken, Azure's continuationToken), token counts (an LLM API's max_tokens) and OAuth's
// token_type. Compared with case, '_' and '-' ignored; a name given with --secret still wins.
constexpr std::string_view k_not_secret[] = {
    "pagetoken", "nextpagetoken", "nexttoken", "continuationtoken", "synctoken", "starttoken",
    "maxtokens", "prompttokens", "completiontokens", "totaltokens", "tokencount", "tokentype"};

// Asked for every header and query name that passes through the proxy: folded on the stack.
bool known_not_secret(std::string_view name) {
  char folded[24];
  std::size_t size = 0;
  for (char c : name) {
    if (c == '_' || c == '-') continue;
    if (size == sizeof folded) return false;  // longer than any name in the list
    folded[size++] = lower(c);
  }
  const std::string_view key(folded, size);
  return std::find(std::begin(k_not_secret), std::end(k_not_secret), key) != std::end(k_not_secret);
}

// Headers whose value is a URL, which may carry user:password (a redirect's Location does when
// a server builds it from the request's own URL).
constexpr std::string_view k_url_headers[] = {"Location", "Content-Location", "Referer"};

// Query parameters that carry a credential although no header would be named so: API keys
// (?key=), request signatures (?sig=, X-Amz-Signature) and signing credentials.
constexpr std::string_view k_secret_query_names[] = {"key", "sig"};
constexpr std::string_view k_secret_query_parts[] = {"signature", "credential"};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// A query key as a server reads it: %XX decoded, '+' a space (api%5Fkey is api_key).
std::string decoded_key(std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i] == '%' && i + 2 < key.size() && hex_value(key[i + 1]) >= 0 && hex_value(key[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(key[i + 1]) * 16 + hex_value(key[i + 2]));
      i += 2;
    } else {
      out += key[i] == '+' ? ' ' : key[i];
    }
  }
  return out;
}

}  // namespace

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

Redactor::Redactor(std::vector<std::string> extra_names, bool show_secrets)
    : names_{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}, show_(show_secrets) {
  for (auto& n : extra_names) names_.push_back(std::move(n));
}

bool Redactor::is_secret(std::string_view name) const {
  for (const auto& n : names_) {
    if (iequals_ascii(n, name)) return true;
  }
  if (known_not_secret(name)) return false;
  for (auto part : k_secret_parts) {
    if (icontains(name, part)) return true;
  }
  return false;
}

bool Redactor::is_url_header(std::string_view name) {
  return std::any_of(std::begin(k_url_headers), std::end(k_url_headers), [&](auto n) { return iequals_ascii(n, name); });
}

std::string Redactor::shown(std::string_view name, std::string_view value) const {
  if (show_) return std::string(value);
  if (is_url_header(name)) return shown_url(value);
  if (!is_secret(name)) return std::string(value);
  if (iequals_ascii(name, "Authorization") || iequals_ascii(name, "Proxy-Authorization")) {
    if (auto space = value.find(' '); space != std::string_view::npos) return std::string(value.substr(0, space)) + " ***";
  }
  return "***";
}

std::string Redactor::shown_line(std::string_view header_line) const {
  auto colon = header_line.find(':');
  if (colon == std::string_view::npos) return std::string(header_line);
  std::string_view name = header_line.substr(0, colon);
  std::string_view value = header_line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (show_ || (!is_secret(name) && !is_url_header(name)) || value.empty()) return std::string(header_line);
  return std::string(name) + ": " + shown(name, value);
}

bool Redactor::is_secret_query(std::string_view name) const {
  if (is_secret(name)) return true;
  if (known_not_secret(name)) return false;
  for (auto n : k_secret_query_names) {
    if (iequals_ascii(n, name)) return true;
  }
  for (auto part : k_secret_query_parts) {
    if (icontains(name, part)) return true;
  }
  return false;
}

namespace {

// user:password@ in the authority becomes user:***@.
std::string masked_user_info(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  auto authority_begin = scheme_end + 3;
  auto authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  auto at = url.rfind('@', authority_end);
  if (at == std::string_view::npos || at < authority_begin) return std::string(url);
  auto colon = url.find(':', authority_begin);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

}  // namespace

std::string Redactor::shown_query(std::string_view query) const {
  if (show_) return std::string(query);
  std::string out;
  while (true) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size() && is_secret_query(decoded_key(pair.substr(0, eq)))) {
      out += std::string(pair.substr(0, eq)) + "=***";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    out += '&';
    query = query.substr(amp + 1);
  }
  return out;
}

std::string Redactor::shown_url(std::string_view url) const {
  if (show_) return std::string(url);
  std::string shown = masked_user_info(url);
  // Works on a bare path too ("/orders?api_key=..."): check reports show request targets.
  auto question = shown.find('?');
  if (question == std::string::npos) return shown;
  auto fragment = shown.find('#', question);
  std::string_view query = std::string_view(shown).substr(question + 1, fragment == std::string::npos ? std::string::npos : fragment - question - 1);
  std::string out = shown.substr(0, question + 1) + shown_query(query);
  if (fragment != std::string::npos) out += shown.substr(fragment);
  return out;
}

}  // namespace sonde
