#include "core/replay/curl_command_reader.hpp"

#include <algorithm>

#include "core/replay/curl_data.hpp"
#include "core/replay/curl_options.hpp"
#include "core/replay/shell_script.hpp"
#include "core/util/file_read.hpp"
#include "core/util/text.hpp"

namespace sonde::replay {

namespace {

// curl's default scheme for a URL written without one ("localhost:8080/x").
std::string with_scheme(const std::string& url) {
  return url.find("://") == std::string::npos ? "http://" + url : url;
}

// `-T file` to a URL without a file part (no path, or a path ending in '/') appends the file's
// name, as curl does.
std::string upload_url(const std::string& url, const std::string& file) {
  if (file == "-" || file == ".") return url;
  auto authority = url.find("://") + 3;
  auto path = url.find_first_of("/?#", authority);
  auto query = url.find_first_of("?#", authority);
  std::string base = url.substr(0, query);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  if (path != std::string::npos && path < base.size() && !base.ends_with("/")) return url;
  if (path == std::string::npos || path >= base.size()) base += "/";
  auto slash = file.find_last_of('/');
  return base + (slash == std::string::npos ? file : file.substr(slash + 1)) + rest;
}

Result<void> check_conflicts(const CurlState& s, const std::string& where) {
  auto refuse = [&](std::string_view a, std::string_view b) {
    return fail(ErrorKind::invalid_input,
                "curl refuses " + std::string(a) + " together with " + std::string(b) + " (one request method only)",
                where);
  };
  if (s.has_data && !s.form.empty()) return refuse("-d", "-F");
  if (!s.uploads.empty() && s.has_data) return refuse("-T", "-d");
  if (!s.uploads.empty() && !s.form.empty()) return refuse("-T", "-F");
  if (s.head && (s.has_data || !s.form.empty()) && !s.get) return refuse("-I", "-d/-F");
  return {};
}

void set_auth(Request& r, const CurlState& s) {
  Transport& t = r.transport;
  if ((t.auth == Transport::Auth::digest || t.auth == Transport::Auth::ntlm) && s.user) {
    t.credentials = *s.user;
  } else if (s.bearer) {
    t.auth = Transport::Auth::bearer;
    t.credentials = *s.bearer;
  } else if (s.user) {
    t.auth = Transport::Auth::basic;
    t.credentials = *s.user;
  } else {
    t.auth = Transport::Auth::none;
  }
}

// Headers curl adds after Content-Length (its own Content-Type, -T's Expect): sending our own
// Content-Length first keeps libcurl from adding one, so the order is curl's.
void add_trailing(Request& r, std::vector<Header> trailing) {
  r.headers.push_back({"Content-Length", std::to_string(r.body.size())});
  for (auto& h : trailing) r.headers.push_back(std::move(h));
}

Result<Request> build(const CurlState& s, const CurlTarget& target, const std::string& where) {
  Request r;
  r.transport = s.transport;
  set_auth(r, s);
  r.headers = s.headers;
  std::string url = with_scheme(target.url);
  url = append_query(url, join(s.url_query, "&"));
  const std::string data = join(s.data, s.json ? "" : "&");
  const bool removed_type = s.removed.contains("content-type");
  if (target.upload) {
    url = upload_url(url, *target.upload);
    r.method = "PUT";
  }
  if (s.get && s.has_data) url = append_query(url, data);
  r.url = url;
  if (s.head) {
    r.method = "HEAD";
  } else if (!s.form.empty()) {
    r.method = "POST";
    std::string boundary = multipart_boundary(s.form);
    r.body = encode_multipart(s.form, boundary);
    // A -H Content-Type of the user's keeps its value; curl adds the boundary to it.
    auto custom = header_value(r.headers, "Content-Type");
    remove_header(r.headers, "Content-Type");
    std::string type = custom ? *custom + "; boundary=" + boundary : multipart_content_type(boundary);
    if (!removed_type) add_trailing(r, {{"Content-Type", type}});
  } else if (s.has_data && !s.get) {
    r.method = "POST";
    r.body = data;
    if (s.json) {
      if (!header_value(r.headers, "Content-Type")) r.headers.push_back({"Content-Type", "application/json"});
      if (!header_value(r.headers, "Accept")) r.headers.push_back({"Accept", "application/json"});
    } else if (!header_value(r.headers, "Content-Type") && !removed_type) {
      add_trailing(r, {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
  }
  if (s.method) r.method = *s.method;
  // curl sends a body (and its length) only when a data, form or upload option gave one.
  r.transport.length_for_empty_body = (s.has_data && !s.get) || !s.form.empty() || target.upload.has_value();
  r.origin = where;
  r.name = "curl";
  return r;
}

// A word that starts an option: "-x" or "--long"; "-" alone is a URL-less stdin marker to curl.
bool is_option(const std::string& w) { return w.size() > 1 && w[0] == '-'; }

Result<void> parse_word_option(CurlState& state, const std::vector<std::string>& words, std::size_t& i,
                               const std::string& at, bool& next_section) {
  const std::string& w = words[i];
  auto value_for = [&](const CurlOptionName& o, std::string_view shown, std::string inline_value,
                       bool has_inline) -> Result<std::string> {
    if (!o.takes_value) return std::string();
    if (has_inline) return inline_value;
    if (i + 1 < words.size()) return words[++i];
    return fail(ErrorKind::invalid_input, "curl option '" + std::string(shown) + "' needs a value", at);
  };
  if (w.starts_with("--")) {
    auto eq = w.find('=');
    std::string name = w.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    bool negated = false;
    LongLookup found = find_curl_long(name);
    if (!found.option && found.matches == 0 && name.starts_with("no-")) {
      found = find_curl_long(name.substr(3));
      negated = found.option != nullptr;
      if (negated && found.option->takes_value) found = {};
    }
    if (!found.option) {
      return fail(ErrorKind::invalid_input,
                  found.matches > 1 ? "ambiguous curl option '" + w + "'" : "unknown curl option '" + w + "'", at);
    }
    if (found.option->name == "next") {
      next_section = true;
      return {};
    }
    auto value = value_for(*found.option, w, eq == std::string::npos ? "" : w.substr(eq + 1), eq != std::string::npos);
    if (!value) return std::unexpected(value.error());
    return apply_curl_option(state, *found.option, CurlArg{*value, negated, "--" + std::string(found.option->name), at});
  }
  // Bundled short options (-sSL); an option with a value takes the rest of the word or the next one.
  for (std::size_t k = 1; k < w.size(); ++k) {
    const CurlOptionName* o = find_curl_short(w[k]);
    std::string shown = std::string("-") + w[k];
    if (!o) return fail(ErrorKind::invalid_input, "unknown curl option '" + shown + "'", at);
    if (o->name == "next") {
      next_section = true;
      continue;
    }
    bool rest = o->takes_value && k + 1 < w.size();
    auto value = value_for(*o, shown, rest ? w.substr(k + 1) : "", rest);
    if (!value) return std::unexpected(value.error());
    if (auto done = apply_curl_option(state, *o, CurlArg{*value, false, shown, at}); !done) return done;
    if (o->takes_value) break;
  }
  return {};
}

Result<void> finish_section(CurlState& s, const std::string& where, ReadResult& out) {
  if (s.targets.empty()) return fail(ErrorKind::invalid_input, "the curl command has no URL", where);
  if (auto ok = check_conflicts(s, where); !ok) return ok;
  for (std::size_t i = 0; i < s.targets.size(); ++i) {
    CurlTarget target = s.targets[i];
    if (i < s.uploads.size()) target.upload = s.uploads[i];
    auto r = build(s, target, where);
    if (!r) return std::unexpected(r.error());
    if (target.upload) {
      auto bytes = curl_read_source(s, *target.upload, "-T", where);
      if (!bytes) return std::unexpected(bytes.error());
      r->body = std::move(*bytes);
      if (*target.upload == "-" || *target.upload == ".") {
        // curl streams stdin chunked, its size unknown up front.
        r->headers.push_back({"Transfer-Encoding", "chunked"});
        r->headers.push_back({"Expect", "100-continue"});
      } else {
        add_trailing(*r, {{"Expect", "100-continue"}});
      }
    }
    out.requests.push_back(std::move(*r));
  }
  for (const auto& f : s.transport.cookie_files) {
    if (!read_file(f)) out.warnings.push_back(where + ": cookie file '" + f + "' cannot be read; no cookies from it (curl ignores it too)");
  }
  if (s.user && s.user->find(':') == std::string::npos) {
    out.warnings.push_back(where + ": -u '" + *s.user + "' has no password; sending an empty one (curl would prompt)");
  }
  for (auto& w : s.warnings) out.warnings.push_back(where + ": " + w);
  return {};
}

Result<void> parse_one(const ShellCommand& command, const std::string& where, CurlInputs* outer, ReadResult& out) {
  CurlInputs redirected;
  CurlInputs* inputs = outer;
  if (command.input == ShellCommand::Input::file) {
    auto text = read_file(command.input_value);
    if (!text) {
      return fail(ErrorKind::invalid_input, "cannot read '" + command.input_value + "' (the command's < input)", where);
    }
    redirected.stdin_text = std::move(*text);
    inputs = &redirected;
  } else if (command.input == ShellCommand::Input::text) {
    redirected.stdin_text = command.input_value;
    inputs = &redirected;
  } else if (command.piped) {
    inputs = nullptr;  // its input is another program's output, which sonde does not run
  }
  const auto& words = command.words;
  std::vector<std::string> ignored;
  CurlState state;
  state.inputs = inputs;
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string at = where + " word " + std::to_string(i + 1);
    if (!is_option(words[i])) {
      state.targets.push_back({words[i], {}});
      continue;
    }
    bool next_section = false;
    if (auto ok = parse_word_option(state, words, i, at, next_section); !ok) return ok;
    if (next_section) {
      if (auto ok = finish_section(state, where, out); !ok) return ok;
      ignored.insert(ignored.end(), state.ignored.begin(), state.ignored.end());
      state = CurlState{};
      state.inputs = inputs;
    }
  }
  if (auto ok = finish_section(state, where, out); !ok) return ok;
  ignored.insert(ignored.end(), state.ignored.begin(), state.ignored.end());
  if (!ignored.empty()) {
    out.warnings.push_back(where + ": ignored " + join(ignored, ", ") +
                           " (they change curl's output, timing, retries or connection tuning, not the request)");
  }
  return {};
}

}  // namespace


Result<ReadResult> parse_curl_command(std::string_view command, const std::string& where, CurlInputs* inputs) {
  ShellExpansion expansion;
  const bool expand = inputs && inputs->environment;
  if (expand) expansion.lookup = inputs->environment;
  auto commands = split_shell_commands(command, where, expand ? &expansion : nullptr);
  if (!commands) return std::unexpected(commands.error());
  ReadResult out;
  for (const auto& name : expansion.unset) {
    out.warnings.push_back(where + ": $" + name + " is not set; it expands to nothing, as in the shell");
  }
  std::size_t curl_commands = 0;
  std::vector<std::string> skipped;
  for (const auto& c : *commands) {
    if (c.words.empty()) continue;
    if (c.words[0] != "curl") {
      if (std::ranges::find(skipped, c.words[0]) == skipped.end()) skipped.push_back(c.words[0]);
      continue;
    }
    ++curl_commands;
    std::string at = commands->size() > 1 ? where + " command " + std::to_string(curl_commands) : where;
    if (auto ok = parse_one(c, at, inputs, out); !ok) return std::unexpected(ok.error());
  }
  if (curl_commands == 0) return fail(ErrorKind::invalid_input, "a curl command line must start with 'curl'", where);
  if (!skipped.empty()) out.warnings.push_back(where + ": only the curl commands are replayed; skipped " + join(skipped, ", "));
  return out;
}

}  // namespace sonde::replay
