#include "core/replay/curl_command_reader.hpp"

#include <array>
#include <optional>

#include "core/replay/shell_words.hpp"
#include "core/util/atomic_file.hpp"

namespace sonde::replay {

namespace {

struct CurlState {
  Request request;
  std::optional<std::string> method;
  std::optional<std::string> data;
  bool get = false;
  bool head = false;
  bool json = false;
};

enum class Arg { none, value };
using Handler = Result<void> (*)(CurlState&, const std::string& value, const std::string& where);

struct CurlOption {
  std::string_view long_name;
  char short_name;
  Arg arg;
  Handler handle;
};

Result<void> add_data(CurlState& s, const std::string& value, const std::string& where, bool files, bool strip) {
  std::string piece = value;
  if (files && value.starts_with("@")) {
    auto text = read_file(value.substr(1));
    if (!text) return fail(ErrorKind::invalid_input, "cannot read data file " + value.substr(1), where);
    piece = *text;
    if (strip) std::erase_if(piece, [](char c) { return c == '\r' || c == '\n'; });
  }
  s.data = s.data ? *s.data + (s.json ? "" : "&") + piece : piece;
  return {};
}

Result<void> ok() { return {}; }

constexpr std::array<CurlOption, 23> k_options{{
    {"request", 'X', Arg::value, [](CurlState& s, const std::string& v, const std::string&) { s.method = v; return ok(); }},
    {"header", 'H', Arg::value,
     [](CurlState& s, const std::string& v, const std::string& where) -> Result<void> {
       auto colon = v.find(':');
       if (colon == std::string::npos) {
         // "Name;" sends an empty header in curl.
         if (v.ends_with(";")) s.request.headers.push_back({v.substr(0, v.size() - 1), ""});
         else return fail(ErrorKind::invalid_input, "header '" + v + "' has no ':'", where);
         return ok();
       }
       std::string value(trim(std::string_view(v).substr(colon + 1)));
       if (!value.empty()) s.request.headers.push_back({v.substr(0, colon), value});
       return ok();
     }},
    {"data", 'd', Arg::value, [](CurlState& s, const std::string& v, const std::string& w) { return add_data(s, v, w, true, true); }},
    {"data-ascii", 0, Arg::value, [](CurlState& s, const std::string& v, const std::string& w) { return add_data(s, v, w, true, true); }},
    {"data-binary", 0, Arg::value, [](CurlState& s, const std::string& v, const std::string& w) { return add_data(s, v, w, true, false); }},
    {"data-raw", 0, Arg::value, [](CurlState& s, const std::string& v, const std::string& w) { return add_data(s, v, w, false, false); }},
    {"json", 0, Arg::value,
     [](CurlState& s, const std::string& v, const std::string& w) {
       s.json = true;
       return add_data(s, v, w, true, false);
     }},
    {"url", 0, Arg::value, [](CurlState& s, const std::string& v, const std::string&) { s.request.url = v; return ok(); }},
    {"user", 'u', Arg::value,
     [](CurlState& s, const std::string& v, const std::string&) {
       s.request.headers.push_back({"Authorization", "Basic " + base64(v)});
       return ok();
     }},
    {"user-agent", 'A', Arg::value, [](CurlState& s, const std::string& v, const std::string&) { set_header(s.request.headers, "User-Agent", v); return ok(); }},
    {"referer", 'e', Arg::value, [](CurlState& s, const std::string& v, const std::string&) { set_header(s.request.headers, "Referer", v); return ok(); }},
    {"cookie", 'b', Arg::value,
     [](CurlState& s, const std::string& v, const std::string& where) -> Result<void> {
       if (v.find('=') == std::string::npos) return fail(ErrorKind::invalid_input, "cookie files (-b FILE) are not supported", where);
       s.request.headers.push_back({"Cookie", v});
       return ok();
     }},
    {"head", 'I', Arg::none, [](CurlState& s, const std::string&, const std::string&) { s.head = true; return ok(); }},
    {"get", 'G', Arg::none, [](CurlState& s, const std::string&, const std::string&) { s.get = true; return ok(); }},
    // Options that change what curl prints or how it connects, not the request itself.
    {"compressed", 0, Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"silent", 's', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"show-error", 'S', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"verbose", 'v', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"include", 'i', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"location", 'L', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"insecure", 'k', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"fail", 'f', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
    {"globoff", 'g', Arg::none, [](CurlState&, const std::string&, const std::string&) { return ok(); }},
}};

const CurlOption* find_long(std::string_view name) {
  for (const auto& o : k_options) {
    if (o.long_name == name) return &o;
  }
  return nullptr;
}

const CurlOption* find_short(char c) {
  for (const auto& o : k_options) {
    if (o.short_name == c) return &o;
  }
  return nullptr;
}

Request finish(CurlState s) {
  Request r = std::move(s.request);
  if (s.data && s.get) {
    r.url += (r.url.find('?') == std::string::npos ? "?" : "&") + *s.data;
  } else if (s.data) {
    r.body = *s.data;
    if (s.json) {
      if (!header_value(r.headers, "Content-Type")) r.headers.push_back({"Content-Type", "application/json"});
      if (!header_value(r.headers, "Accept")) r.headers.push_back({"Accept", "application/json"});
    } else if (!header_value(r.headers, "Content-Type")) {
      r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    }
  }
  r.method = s.head ? "HEAD" : (s.data && !s.get) ? "POST" : "GET";
  if (s.method) r.method = *s.method;
  return r;
}

}  // namespace

std::string base64(std::string_view data) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    if (i + 2 < data.size()) v |= static_cast<unsigned char>(data[i + 2]);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? k_alphabet[(v >> 6) & 63] : '=';
    out += i + 2 < data.size() ? k_alphabet[v & 63] : '=';
  }
  return out;
}

Result<ReadResult> parse_curl_command(std::string_view command, const std::string& where) {
  auto words = split_shell_words(command, where);
  if (!words) return std::unexpected(words.error());
  if (words->empty() || (*words)[0] != "curl") {
    return fail(ErrorKind::invalid_input, "a curl command line must start with 'curl'", where);
  }
  CurlState state;
  for (std::size_t i = 1; i < words->size(); ++i) {
    const std::string& w = (*words)[i];
    std::string at = where + " word " + std::to_string(i + 1);
    if (w.starts_with("--") && w.size() > 2) {
      auto eq = w.find('=');
      const CurlOption* o = find_long(std::string_view(w).substr(2, eq == std::string::npos ? w.npos : eq - 2));
      if (!o) return fail(ErrorKind::invalid_input, "unsupported curl option '" + w + "'", at);
      std::string value;
      if (o->arg == Arg::value) {
        if (eq != std::string::npos) {
          value = w.substr(eq + 1);
        } else if (++i < words->size()) {
          value = (*words)[i];
        } else {
          return fail(ErrorKind::invalid_input, "curl option '" + w + "' needs a value", at);
        }
      }
      if (auto handled = o->handle(state, value, at); !handled) return std::unexpected(handled.error());
    } else if (w.starts_with("-") && w.size() > 1) {
      // Bundled short options (-sSL); an option with a value takes the rest of the word or the next one.
      for (std::size_t k = 1; k < w.size(); ++k) {
        const CurlOption* o = find_short(w[k]);
        if (!o) return fail(ErrorKind::invalid_input, std::string("unsupported curl option '-") + w[k] + "'", at);
        std::string value;
        if (o->arg == Arg::value) {
          if (k + 1 < w.size()) value = w.substr(k + 1);
          else if (++i < words->size()) value = (*words)[i];
          else return fail(ErrorKind::invalid_input, std::string("curl option '-") + w[k] + "' needs a value", at);
          k = w.size();
        }
        if (auto handled = o->handle(state, value, at); !handled) return std::unexpected(handled.error());
      }
    } else {
      if (!state.request.url.empty()) return fail(ErrorKind::invalid_input, "more than one URL in the curl command", at);
      state.request.url = w;
    }
  }
  if (state.request.url.empty()) return fail(ErrorKind::invalid_input, "the curl command has no URL", where);
  Request r = finish(std::move(state));
  r.origin = where;
  r.name = "curl";
  return ReadResult{{std::move(r)}, {}};
}

}  // namespace sonde::replay
