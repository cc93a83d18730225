#include "core/flow/runner.hpp"

#include <algorithm>
#include <thread>

#include "core/flow/entry_checks.hpp"
#include "core/flow/entry_options.hpp"
#include "core/flow/exchange_record.hpp"
#include "core/flow/file_root.hpp"
#include "core/flow/request_builder.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/prefault.hpp"
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


// Takes the call's headers and body: the contract check is the last to read them.
check::HttpExchange exchange_of(Call&& call) {
  check::HttpExchange ex;
  ex.method = call.request.method;
  ex.url = call.url;
  ex.status = call.status;
  ex.headers = std::move(call.headers);
  ex.body = check::BodyBuffer(std::move(call.body));
  ex.content_type_known = false;
  for (const auto& [n, v] : ex.headers) ex.content_type_known = ex.content_type_known || iequals_ascii(n, "Content-Type");
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
    if (run.record_exchanges) result.exchange = std::make_unique<report::Exchange>(record_request(request, redactor, vars));
    return false;
  }
  result.error.reset();
  if (run.record_exchanges) result.exchange = std::make_unique<report::Exchange>(record_exchange(*call, redactor, vars));
  if (!eo.output.empty()) {  // `output: FILE`: the body as received, whole or not at all
    auto path = writable_file(eo.output, file, run.file_root, at(file, entry.request.pos));
    if (!path) {
      result.error = path.error();
      return false;
    }
    if (auto ok = write_file_atomically(*path, call->body); !ok) {
      result.error = ok.error();
      return false;
    }
  }
  result.status = call->status;
  result.version = call->version;
  result.phases = call->phases;
  QueryContext ctx{*call, vars, file, result.duration_ms, run.file_root};
  if (entry.response) {
    result.asserts = check_response(*entry.response, ctx, vars,
                                    run.keep_passing_asserts ? KeepAsserts::all : KeepAsserts::failed);
  }
  if (run.checker) {
    auto ex = exchange_of(std::move(*call));  // `call` is not read after this
    auto checked = run.checker->check(ex);
    if (checked) result.contract = std::make_unique<check::ExchangeResult>(std::move(*checked));
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
                      const std::string& file, const Redactor& redactor, const EntryOptions& defaults) {
  EntryResult result;
  result.index = index;
  result.where = at(file, entry.request.pos);
  result.method = entry.request.method;
  // The URL as written until the request is built (then as sent): an entry that stops before
  // that still names its URL.
  auto written_url = [&] { return redactor.shown_url(vars.redact(entry.request.url.source())); };
  // Most entries have no [Options]: they run with the run's defaults as they are, not a copy.
  Result<EntryOptions> own;
  if (!entry.request.options.empty()) own = read_entry_options(entry.request, defaults, vars, file);
  if (!own) {
    result.url = written_url();
    result.error = own.error();
    return result;
  }
  const EntryOptions* eo = entry.request.options.empty() ? &defaults : &*own;
  if (eo->skip) {
    result.url = written_url();
    result.skipped = true;
    return result;
  }
  if (eo->delay.count() > 0) std::this_thread::sleep_for(eo->delay);
  auto request = build_request(entry.request, vars, file, run.file_root);
  if (!request) {
    result.url = written_url();
    result.error = request.error();
    return result;
  }
  for (const auto& [name, value] : run.headers) {
    const bool entry_sends_it = std::any_of(request->headers.begin(), request->headers.end(),
                                            [&](const auto& h) { return iequals_ascii(h.first, name); });
    if (!entry_sends_it) request->headers.emplace_back(name, value);
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
  EntryOptions defaults;  // an entry's [Options] apply on top of these
  defaults.call = options.call;
  defaults.retry = options.retry;
  defaults.retry_interval = options.retry_interval;
  defaults.delay = options.delay;
  // Entry results are large; growing the vector would move (and first-touch) them again and again.
  out.entries.reserve(file.entries.size() * static_cast<std::size_t>(std::max(1, options.repeat)));
  prefault_reserved(out.entries, file.entries.size());  // one round: --repeat's others may never come
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
        EntryResult result = run_entry(entry, index, session, vars, options, file.path, redactor, defaults);
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
