#include "core/flow/runner.hpp"

#include <algorithm>
#include <thread>

#include "core/flow/entry_checks.hpp"
#include "core/flow/exchange_record.hpp"
#include "core/flow/request_builder.hpp"
#include "core/util/duration.hpp"
#include "core/util/redaction.hpp"

namespace sonde::flow {

bool EntryResult::passed() const {
  if (error) return false;
  for (const auto& a : asserts) {
    if (!a.passed) return false;
  }
  return !contract || contract->passed();
}

bool FileResult::passed() const {
  if (error) return false;
  for (const auto& e : entries) {
    if (!e.passed()) return false;
  }
  return true;
}

namespace {

std::string at(const std::string& file, const hurl::Pos& pos) {
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
}

// An entry's [Options], read with the variables of the moment.
struct EntryOptions {
  CallOptions call;
  int retry = 0;
  std::chrono::milliseconds retry_interval{1000};
  std::chrono::milliseconds delay{0};
  bool skip = false;
  int repeat = 1;
};

Result<std::chrono::milliseconds> option_duration(const hurl::Option& o, const Variables& vars, const std::string& file) {
  std::string text;
  if (o.value.kind == hurl::Literal::Kind::integer) {
    text = std::to_string(o.value.integer) + "ms";  // Hurl: a bare number of milliseconds here
  } else {
    auto rendered = vars.render(o.value.text, file);
    if (!rendered) return std::unexpected(rendered.error());
    text = *rendered;
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) text += "ms";
  }
  auto d = parse_duration(text, o.name, true);
  if (!d) return fail(ErrorKind::invalid_input, d.error().message, at(file, o.pos), d.error().hint);
  return duration_as<std::chrono::milliseconds>(*d);
}

Result<bool> option_bool(const hurl::Option& o, const Variables& vars, const std::string& file) {
  if (o.value.kind == hurl::Literal::Kind::boolean) return o.value.boolean;
  auto text = vars.render(o.value.text, file);
  if (!text) return std::unexpected(text.error());
  if (*text == "true" || *text == "false") return *text == "true";
  return fail(ErrorKind::invalid_input, "option '" + o.name + "' takes true or false", at(file, o.pos));
}

Result<std::int64_t> option_int(const hurl::Option& o, const Variables& vars, const std::string& file) {
  if (o.value.kind == hurl::Literal::Kind::integer) return o.value.integer;
  auto text = vars.render(o.value.text, file);
  if (!text) return std::unexpected(text.error());
  Value v = typed_variable(*text);
  if (v.kind == Value::Kind::integer) return v.integer;
  return fail(ErrorKind::invalid_input, "option '" + o.name + "' takes an integer", at(file, o.pos));
}

Result<EntryOptions> entry_options(const hurl::Request& r, const RunOptions& run, Variables& vars, const std::string& file) {
  EntryOptions e;
  e.call = run.call;
  e.retry = run.retry;
  e.retry_interval = run.retry_interval;
  for (const auto& o : r.options) {
    const std::string& n = o.name;
    Result<void> ok;
    if (n == "location" || n == "insecure" || n == "skip" || n == "location-trusted") {
      auto b = option_bool(o, vars, file);
      if (!b) return std::unexpected(b.error());
      if (n == "location") e.call.follow_location = *b;
      if (n == "insecure") e.call.insecure = *b;
      if (n == "skip") e.skip = *b;
      if (n == "location-trusted") e.call.location_trusted = *b;
    } else if (n == "max-redirs" || n == "retry" || n == "repeat") {
      auto i = option_int(o, vars, file);
      if (!i) return std::unexpected(i.error());
      if (n == "max-redirs") e.call.max_redirs = *i < 0 ? 1000 : static_cast<long>(*i);
      if (n == "retry") e.retry = *i < 0 ? 1000 : static_cast<int>(*i);
      if (n == "repeat") e.repeat = static_cast<int>(std::max<std::int64_t>(0, *i));
    } else if (n == "retry-interval" || n == "delay" || n == "max-time" || n == "connect-timeout") {
      auto d = option_duration(o, vars, file);
      if (!d) return std::unexpected(d.error());
      if (n == "retry-interval") e.retry_interval = *d;
      if (n == "delay") e.delay = *d;
      if (n == "max-time") e.call.timeout = *d;
    } else if (n == "variable") {
      auto text = vars.render(o.value.text, file);
      if (!text) return std::unexpected(text.error());
      auto eq = text->find('=');
      if (eq == std::string::npos || eq == 0) {
        return fail(ErrorKind::invalid_input, "option 'variable' takes NAME=VALUE", at(file, o.pos));
      }
      vars.set(text->substr(0, eq), typed_variable(text->substr(eq + 1)));
    } else if (n == "cacert") {
      auto text = vars.render(o.value.text, file);
      if (!text) return std::unexpected(text.error());
      e.call.cacert = *text;
    } else if (n == "compressed" || n == "verbose" || n == "very-verbose" || n == "output") {
      // Output and logging only; they change nothing sonde checks.
    } else {
      return fail(ErrorKind::invalid_input, "option '" + n + "' is not supported by sonde yet", at(file, o.pos),
                  "supported: location, location-trusted, max-redirs, retry, retry-interval, delay, insecure, variable, "
                  "skip, repeat, max-time, cacert");
    }
  }
  return e;
}

check::HttpExchange exchange_of(const Call& call) {
  check::HttpExchange ex;
  ex.method = call.request.method;
  ex.url = call.url;
  ex.status = call.status;
  ex.headers = call.headers;
  ex.body = check::BodyBuffer(call.body);
  ex.content_type_known = false;
  for (const auto& [n, v] : call.headers) ex.content_type_known = ex.content_type_known || iequals_ascii(n, "Content-Type");
  ex.time_ms = call.phases.total;
  return ex;
}

// One send-and-check attempt of an entry; false when it should be retried.
bool attempt(const hurl::Entry& entry, const OutgoingRequest& request, const EntryOptions& eo, HttpSession& session,
             Variables& vars, const RunOptions& run, const std::string& file, const Redactor& redactor,
             EntryResult& result) {
  const auto start = std::chrono::steady_clock::now();
  auto call = session.send(request, eo.call);
  result.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ++result.attempts;
  result.asserts.clear();
  result.contract.reset();
  if (!call) {
    result.error = call.error();
    if (run.record_exchanges) result.exchange = record_request(request, redactor, vars);
    return false;
  }
  result.error.reset();
  if (run.record_exchanges) result.exchange = record_exchange(*call, redactor, vars);
  result.status = call->status;
  result.version = call->version;
  result.phases = call->phases;
  QueryContext ctx{*call, vars, file, result.duration_ms};
  if (entry.response) result.asserts = check_response(*entry.response, ctx, vars);
  if (run.checker) {
    auto ex = exchange_of(*call);
    auto checked = run.checker->check(ex);
    if (checked) result.contract = std::move(*checked);
    else result.error = checked.error();
  }
  return result.passed();
}

// What the entry sends, checked once (it is the same on every attempt): a flow that sends what its
// contract forbids tests nothing, so these violations fail the entry, listed before the
// response's. They do not cause retries: no retry can cure them.
std::vector<check::ExchangeViolation> request_violations(const OutgoingRequest& request, const RunOptions& run) {
  check::SentRequest sent{request.method, request.url, request.headers, request.body};
  if (!request.cookies.empty()) {  // [Cookies] travel beside the headers; parameters may live there
    auto cookie = std::find_if(sent.headers.begin(), sent.headers.end(),
                               [](const auto& h) { return iequals_ascii(h.first, "Cookie"); });
    if (cookie == sent.headers.end()) sent.headers.emplace_back("Cookie", request.cookies);
    else cookie->second += "; " + request.cookies;
  }
  std::vector<check::ExchangeViolation> out;
  for (auto& v : run.requests->check(sent)) out.push_back({v.kind, v.where, v.schema, v.source, "", v.message, "", ""});
  return out;
}

EntryResult run_entry(const hurl::Entry& entry, int index, HttpSession& session, Variables& vars, const RunOptions& run,
                      const std::string& file, const Redactor& redactor) {
  EntryResult result;
  result.index = index;
  result.where = at(file, entry.request.pos);
  result.method = entry.request.method;
  result.url = redactor.shown_url(vars.redact(entry.request.url.source()));
  auto eo = entry_options(entry.request, run, vars, file);
  if (!eo) {
    result.error = eo.error();
    return result;
  }
  if (eo->skip) {
    result.skipped = true;
    return result;
  }
  if (eo->delay.count() > 0) std::this_thread::sleep_for(eo->delay);
  auto request = build_request(entry.request, vars, file);
  if (!request) {
    result.error = request.error();
    return result;
  }
  result.url = redactor.shown_url(vars.redact(request->url));
  for (int n = 0; n <= eo->retry; ++n) {
    if (n > 0) std::this_thread::sleep_for(eo->retry_interval);
    if (attempt(entry, *request, *eo, session, vars, run, file, redactor, result)) break;
    if (result.error && result.error->kind != ErrorKind::runtime) break;  // a bad file does not get better
  }
  if (run.requests && result.contract && result.contract->operation) {
    auto merged = request_violations(*request, run);
    int status = result.contract->status;
    if (!merged.empty() && status >= 400 && status < 500) {
      // Refused: a negative test doing its job (sonde check --generate writes such entries).
      result.contract->note = "the request breaks its contract (" + merged.front().message + ") and was refused with " +
                              std::to_string(status) + ": a negative test";
    } else {
      merged.insert(merged.end(), result.contract->violations.begin(), result.contract->violations.end());
      result.contract->violations = std::move(merged);
    }
  }
  if (run.curl_for_passing || !result.passed()) result.curl = vars.redact(to_curl(*request, redactor, eo->call));
  return result;
}

}  // namespace

FileResult run_file(const hurl::File& file, const RunOptions& options) {
  FileResult out;
  out.path = file.path;
  const auto start = std::chrono::steady_clock::now();
  Variables vars;
  for (const auto& [name, value] : options.variables) vars.set(name, value);
  for (const auto& [name, value] : options.secrets) vars.set(name, Value::of_string(value), true);
  const Redactor redactor(options.redact_headers, options.show_secrets);
  HttpSession session;
  // Entry results are large; growing the vector would move (and first-touch) them again and again.
  out.entries.reserve(file.entries.size() * static_cast<std::size_t>(std::max(1, options.repeat)));
  bool stop = false;
  for (int round = 0; round < options.repeat && !stop; ++round) {
    int index = 0;
    for (const auto& entry : file.entries) {
      ++index;
      auto eo_repeat = 1;
      for (const auto& o : entry.request.options) {
        if (o.name == "repeat" && o.value.kind == hurl::Literal::Kind::integer) eo_repeat = static_cast<int>(o.value.integer);
      }
      for (int r = 0; r < std::max(1, eo_repeat); ++r) {
        EntryResult result = run_entry(entry, index, session, vars, options, file.path, redactor);
        const bool failed = !result.passed();
        if (options.on_entry) options.on_entry(result);
        out.entries.push_back(std::move(result));
        if (failed && !options.continue_on_error) {
          stop = true;
          break;
        }
      }
      if (stop) break;
    }
  }
  out.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // Captured secrets can only be known after the run: mask them in what was recorded.
  if (vars.has_secrets() && !options.show_secrets) {
    for (auto& e : out.entries) {
      e.curl = vars.redact(e.curl);
      e.url = vars.redact(e.url);
      for (auto& a : e.asserts) {
        a.actual = vars.redact(a.actual);
        a.expected = vars.redact(a.expected);
        a.error = vars.redact(a.error);
      }
      if (e.error) {
        e.error->message = vars.redact(e.error->message);
        e.error->where = vars.redact(e.error->where);
      }
      if (e.contract) {
        e.contract->url = vars.redact(e.contract->url);
        e.contract->note = vars.redact(e.contract->note);
        for (auto& v : e.contract->violations) {
          v.message = vars.redact(v.message);
          v.actual = vars.redact(v.actual);
        }
      }
      if (e.exchange) redact_exchange(*e.exchange, vars);
    }
  }
  return out;
}

}  // namespace sonde::flow
