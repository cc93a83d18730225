#include "core/flow/entry_options.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "core/util/duration.hpp"

namespace sonde::flow {

namespace {


// What one option needs to read its value: the option, the variables and the file it is in.
struct Read {
  const hurl::Option& option;
  const Variables& vars;
  const std::string& file;

  std::unexpected<Error> error(const std::string& message) const {
    return fail(ErrorKind::invalid_input, message, at(file, option.pos));
  }

  Result<std::string> text() const { return vars.render(option.value.text, file); }

  Result<bool> boolean() const {
    if (option.value.kind == hurl::Literal::Kind::boolean) return option.value.boolean;
    auto t = text();
    if (!t) return std::unexpected(t.error());
    if (*t == "true" || *t == "false") return *t == "true";
    return error("option '" + option.name + "' takes true or false");
  }

  Result<std::int64_t> integer() const {
    if (option.value.kind == hurl::Literal::Kind::integer) return option.value.integer;
    auto t = text();
    if (!t) return std::unexpected(t.error());
    Value v = typed_variable(*t);
    if (v.kind == Value::Kind::integer) return v.integer;
    return error("option '" + option.name + "' takes an integer");
  }

  Result<std::chrono::milliseconds> duration() const {
    std::string t;
    if (option.value.kind == hurl::Literal::Kind::integer) {
      t = std::to_string(option.value.integer) + "ms";  // Hurl: a bare number of milliseconds here
    } else {
      auto rendered = text();
      if (!rendered) return std::unexpected(rendered.error());
      t = *rendered;
      if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos) t += "ms";
    }
    auto d = parse_duration(t, option.name, true);
    if (!d) return fail(ErrorKind::invalid_input, d.error().message, at(file, option.pos), d.error().hint);
    return duration_as<std::chrono::milliseconds>(*d);
  }
};

using Handler = std::function<Result<void>(const Read&, EntryOptions&, Variables&)>;

// A handler that reads a value with `get` and stores it with `set`.
template <class T>
Handler with(Result<T> (Read::*get)() const, std::function<void(EntryOptions&, T)> set) {
  return [get, set](const Read& r, EntryOptions& e, Variables&) -> Result<void> {
    auto v = (r.*get)();
    if (!v) return std::unexpected(v.error());
    set(e, std::move(*v));
    return {};
  };
}

Handler flag(std::function<void(EntryOptions&, bool)> set) { return with<bool>(&Read::boolean, std::move(set)); }
Handler text(std::function<void(EntryOptions&, std::string)> set) { return with<std::string>(&Read::text, std::move(set)); }
Handler duration(std::function<void(EntryOptions&, std::chrono::milliseconds)> set) {
  return with<std::chrono::milliseconds>(&Read::duration, std::move(set));
}
Handler integer(std::function<void(EntryOptions&, std::int64_t)> set) {
  return with<std::int64_t>(&Read::integer, std::move(set));
}

// `http1.0: true` picks that version; `http2: false` only takes a choice of its own back.
Handler http_version(HttpVersion version) {
  return flag([version](EntryOptions& e, bool on) {
    if (on) e.call.http_version = version;
    else if (e.call.http_version == version) e.call.http_version = HttpVersion::any;
  });
}

Handler ip_version(int version) {
  return flag([version](EntryOptions& e, bool on) {
    if (on) e.call.ip_version = version;
    else if (e.call.ip_version == version) e.call.ip_version = 0;
  });
}

// Every option sonde runs; a name here must be one that core/hurl/parser.cpp accepts.
const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"location", flag([](EntryOptions& e, bool v) { e.call.follow_location = v; })},
      {"location-trusted", flag([](EntryOptions& e, bool v) { e.call.location_trusted = v; })},
      {"insecure", flag([](EntryOptions& e, bool v) { e.call.insecure = v; })},
      {"skip", flag([](EntryOptions& e, bool v) { e.skip = v; })},
      {"compressed", flag([](EntryOptions& e, bool v) { e.call.compressed = v; })},
      {"path-as-is", flag([](EntryOptions& e, bool v) { e.call.path_as_is = v; })},
      {"netrc", flag([](EntryOptions& e, bool v) { e.call.netrc = v ? Netrc::required : Netrc::off; })},
      {"netrc-optional", flag([](EntryOptions& e, bool v) { e.call.netrc = v ? Netrc::optional : Netrc::off; })},
      {"http1.0", http_version(HttpVersion::http1_0)},
      {"http1.1", http_version(HttpVersion::http1_1)},
      {"http2", http_version(HttpVersion::http2)},
      {"ipv4", ip_version(4)},
      {"ipv6", ip_version(6)},
      {"max-redirs", integer([](EntryOptions& e, std::int64_t v) { e.call.max_redirs = v < 0 ? 1000 : static_cast<long>(v); })},
      {"retry", integer([](EntryOptions& e, std::int64_t v) { e.retry = v < 0 ? 1000 : static_cast<int>(v); })},
      {"repeat", integer([](EntryOptions& e, std::int64_t v) { e.repeat = static_cast<int>(std::max<std::int64_t>(0, v)); })},
      {"limit-rate", integer([](EntryOptions& e, std::int64_t v) { e.call.limit_rate = std::max<std::int64_t>(0, v); })},
      {"retry-interval", duration([](EntryOptions& e, std::chrono::milliseconds d) { e.retry_interval = d; })},
      {"delay", duration([](EntryOptions& e, std::chrono::milliseconds d) { e.delay = d; })},
      {"max-time", duration([](EntryOptions& e, std::chrono::milliseconds d) { e.call.timeout = d; })},
      {"connect-timeout", duration([](EntryOptions& e, std::chrono::milliseconds d) { e.call.connect_timeout = d; })},
      {"cacert", text([](EntryOptions& e, std::string v) { e.call.cacert = std::move(v); })},
      {"cert", text([](EntryOptions& e, std::string v) { set_certificate(e.call, v); })},
      {"key", text([](EntryOptions& e, std::string v) { e.call.key = std::move(v); })},
      {"pinnedpubkey", text([](EntryOptions& e, std::string v) { e.call.pinned_public_key = std::move(v); })},
      {"proxy", text([](EntryOptions& e, std::string v) { e.call.proxy = std::move(v); })},
      {"unix-socket", text([](EntryOptions& e, std::string v) { e.call.unix_socket = std::move(v); })},
      {"user", text([](EntryOptions& e, std::string v) { e.call.user = std::move(v); })},
      {"aws-sigv4", text([](EntryOptions& e, std::string v) { e.call.aws_sigv4 = std::move(v); })},
      {"netrc-file", text([](EntryOptions& e, std::string v) { e.call.netrc_file = std::move(v); })},
      {"output", text([](EntryOptions& e, std::string v) { e.output = std::move(v); })},
      // Repeatable: each one adds an entry, as curl's --resolve and --connect-to do.
      {"resolve", text([](EntryOptions& e, std::string v) { e.call.resolve.push_back(std::move(v)); })},
      {"connect-to", text([](EntryOptions& e, std::string v) { e.call.connect_to.push_back(std::move(v)); })},
      {"variable",
       [](const Read& r, EntryOptions&, Variables& vars) -> Result<void> {
         auto t = r.text();
         if (!t) return std::unexpected(t.error());
         auto eq = t->find('=');
         if (eq == std::string::npos || eq == 0) return r.error("option 'variable' takes NAME=VALUE");
         vars.set(t->substr(0, eq), typed_variable(t->substr(eq + 1)));
         return {};
       }},
      // Logging only: they change nothing that is sent or checked (sonde's own --verbose shows
      // the exchange).
      {"verbose", flag([](EntryOptions&, bool) {})},
      {"very-verbose", flag([](EntryOptions&, bool) {})},
  };
  return table;
}

}  // namespace

Result<EntryOptions> read_entry_options(const hurl::Request& request, EntryOptions defaults, Variables& vars,
                                        const std::string& file) {
  EntryOptions e = std::move(defaults);
  for (const auto& o : request.options) {
    auto it = handlers().find(o.name);
    if (it == handlers().end()) {
      return fail(ErrorKind::invalid_input, "option '" + o.name + "' is not supported by sonde yet", at(file, o.pos));
    }
    if (auto ok = it->second(Read{o, vars, file}, e, vars); !ok) return std::unexpected(ok.error());
  }
  if (e.output == "-") {
    return fail(ErrorKind::invalid_input, "option 'output: -' (the body on standard output) is not supported by sonde",
                at(file, request.pos), "give a file name; sonde's --format json shows bodies");
  }
  return e;
}

Result<EntryOptions> read_command_line_options(const std::vector<std::pair<std::string, std::string>>& given,
                                               EntryOptions defaults) {
  EntryOptions e = std::move(defaults);
  Variables none;
  for (const auto& [name, value] : given) {
    auto it = handlers().find(name);
    if (it == handlers().end()) return fail(ErrorKind::usage, "--" + name + " is not an option of sonde test");
    hurl::Option option{name, {}, {}};
    option.value.kind = hurl::Literal::Kind::string;
    option.value.text.parts.push_back({false, value});
    const std::string flag = "--" + name;
    if (auto ok = it->second(Read{option, none, flag}, e, none); !ok) {
      // The handlers name a place in a file; here the flag is the place.
      return fail(ErrorKind::usage, ok.error().message, flag, ok.error().hint);
    }
  }
  return e;
}

std::vector<std::string> handled_option_names() {
  std::vector<std::string> names;
  for (const auto& [name, handler] : handlers()) names.push_back(name);
  return names;
}

}  // namespace sonde::flow
