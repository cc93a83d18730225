#include "core/flow/entry_checks.hpp"

#include <algorithm>
#include <optional>

#include "core/flow/json_value.hpp"
#include "core/flow/request_builder.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/redaction.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::flow {

namespace {


// A template written back as a "quoted" Hurl string, appended to `out`. (Every assert's text is
// built, passing or not: appending in place spares the temporaries of a + b + c.)
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
}

void append_quoted(std::string& out, const hurl::Template& t) {
  out += '"';
  for (const auto& part : t.parts) {  // Template::source() part by part, without its temporary
    if (part.variable) out += "{{";
    append_escaped(out, part.text);
    if (part.variable) out += "}}";
  }
  out += '"';
}

void append_literal(std::string& out, const hurl::Literal& v) {
  switch (v.kind) {
    case hurl::Literal::Kind::string: append_quoted(out, v.text); break;
    case hurl::Literal::Kind::regex: out.append("/").append(v.text.source()).append("/"); break;
    case hurl::Literal::Kind::placeholder: out += v.text.source(); break;
    case hurl::Literal::Kind::integer:
    case hurl::Literal::Kind::floating: out += v.number_text; break;
    case hurl::Literal::Kind::boolean: out += v.boolean ? "true" : "false"; break;
    case hurl::Literal::Kind::null: out += "null"; break;
    case hurl::Literal::Kind::bytes: out += "<bytes>"; break;
    case hurl::Literal::Kind::file: out.append("file,").append(v.text.source()).append(";"); break;
  }
}

void append_query(std::string& out, const hurl::Query& q) {
  out += q.name;
  if (!q.arg.parts.empty() || q.name == "header" || q.name == "jsonpath") {
    out += ' ';
    if (q.regex_literal) out.append("/").append(q.arg.source()).append("/");
    else append_quoted(out, q.arg);
  }
  for (const auto& f : q.filters) {
    out.append(" ").append(f.name);
    for (const auto& a : f.args) {
      out += ' ';
      if (a.kind == hurl::Literal::Kind::integer) out += std::to_string(a.integer);
      else if (a.kind == hurl::Literal::Kind::regex) out.append("/").append(a.text.source()).append("/");
      else append_quoted(out, a.text);
    }
  }
}

std::string query_text(const hurl::Query& q) {
  std::string out;
  append_query(out, q);
  return out;
}

// `jsonpath "$.id" == 3`, as the assert is written (spacing normalised).
std::string assert_text(const hurl::Assert& a) {
  std::string out;
  out.reserve(64);
  append_query(out, a.query);
  out += a.predicate.negated ? " not " : " ";
  out += a.predicate.name;
  if (a.predicate.value) {
    out += ' ';
    append_literal(out, *a.predicate.value);
  }
  return out;
}

AssertResult simple(std::string kind, std::string where, std::string text, bool passed, std::string expected,
                    std::string actual) {
  return {std::move(kind), std::move(where), std::move(text), passed, std::move(expected), std::move(actual), {}};
}

// Appends `r` unless only failures are kept and it passed.
void add(std::vector<AssertResult>& out, AssertResult&& r, KeepAsserts keep) {
  if (r.passed && keep == KeepAsserts::failed) return;
  out.push_back(std::move(r));
}

void implicit_asserts(const hurl::Response& spec, const QueryContext& ctx, std::vector<AssertResult>& out,
                      KeepAsserts keep) {
  const Call& call = ctx.call;
  const bool all = keep == KeepAsserts::all;
  if (spec.version != "HTTP" && (all || call.version != spec.version)) {
    out.push_back(simple("version", at(ctx, spec.pos), spec.version, call.version == spec.version, spec.version, call.version));
  }
  if (spec.status && (all || call.status != *spec.status)) {
    out.push_back(simple("status", at(ctx, spec.pos), "HTTP " + std::to_string(*spec.status), call.status == *spec.status,
                         std::to_string(*spec.status), std::to_string(call.status)));
  }
  for (const auto& h : spec.headers) {
    auto name = ctx.variables.render(h.key, ctx.file);
    auto value = ctx.variables.render(h.value, ctx.file);
    if (!all && name && value) {  // a header that is there as written needs no text when passes are not kept
      const bool present = std::any_of(call.headers.begin(), call.headers.end(),
                                       [&](const auto& hv) { return iequals_ascii(hv.first, *name) && hv.second == *value; });
      if (present) continue;
    }
    AssertResult r = simple("header", at(ctx, h.pos), h.key.source() + ": " + h.value.source(), false, "", "");
    if (!name || !value) {
      r.error = describe(!name ? name.error() : value.error());
      out.push_back(std::move(r));
      continue;
    }
    std::vector<std::string> seen;
    for (const auto& [n, v] : call.headers) {
      if (!iequals_ascii(n, *name)) continue;
      seen.push_back(v);
      r.passed = r.passed || v == *value;
    }
    // Credential headers (Set-Cookie, Authorization...) are shown as the one policy shows them.
    static const Redactor policy;
    r.expected = *name + ": " + policy.shown(*name, *value);
    std::string actual;
    for (const auto& s : seen) actual += (actual.empty() ? "" : ", ") + policy.shown(*name, s);
    r.actual = seen.empty() ? "no " + *name + " header" : actual;
    add(out, std::move(r), keep);
  }
  if (spec.body) {
    const auto& b = *spec.body;
    AssertResult r = simple("body", at(ctx, b.pos), "body", false, "", "");
    std::string expected;
    if (b.kind == hurl::Body::Kind::base64 || b.kind == hurl::Body::Kind::hex) {
      expected = b.text.parts.empty() ? "" : b.text.parts[0].text;
    } else if (b.kind == hurl::Body::Kind::graphql) {
      auto payload = graphql_payload(b, ctx.variables, ctx.file);
      if (!payload) {
        r.error = describe(payload.error());
        out.push_back(std::move(r));
        return;
      }
      expected = *payload;
    } else {
      auto text = ctx.variables.render(b.text, ctx.file);
      if (!text) {
        r.error = describe(text.error());
        out.push_back(std::move(r));
        return;
      }
      expected = *text;
    }
    if (b.kind == hurl::Body::Kind::json || b.kind == hurl::Body::Kind::graphql) {
      // JSON bodies compare as JSON values: key order and spacing do not matter.
      // Comparing and dumping recurse once per level: too deep a body counts as not JSON.
      auto bounded = [](const std::string& text) {
        return json_nesting_exceeds(text) ? nlohmann::json(nlohmann::json::value_t::discarded)
                                          : parse_json_value(text);
      };
      auto want = bounded(expected);
      auto got = bounded(call.body);
      r.passed = !want.is_discarded() && !got.is_discarded() && want == got;
      r.expected = want.is_discarded() ? expected : want.dump();
      r.actual = !got.is_discarded()              ? got.dump()
                 : json_nesting_exceeds(call.body) ? "JSON nested deeper than " + std::to_string(k_max_json_depth) + " levels"
                                                   : "not JSON: " + std::string(utf8_prefix(call.body, 200));
    } else {
      r.passed = call.body == expected;
      r.expected = Value::of_string(expected).describe();
      r.actual = Value::of_string(call.body.substr(0, 2000)).describe();
    }
    add(out, std::move(r), keep);
  }
}

}  // namespace

std::vector<AssertResult> check_response(const hurl::Response& spec, const QueryContext& ctx, Variables& variables,
                                         KeepAsserts keep) {
  std::vector<AssertResult> out;
  if (keep == KeepAsserts::all) {
    out.reserve(2 + spec.headers.size() + spec.captures.size() + spec.asserts.size() + (spec.body ? 1 : 0));
  }
  implicit_asserts(spec, ctx, out, keep);
  for (const auto& cap : spec.captures) {
    auto name = variables.render(cap.name, ctx.file);
    auto value = evaluate_query(cap.query, ctx);
    if (keep == KeepAsserts::failed && name && value && value->kind != Value::Kind::none) {
      variables.set(*name, *value, cap.redact);  // captured: nothing to report when passes are not kept
      continue;
    }
    AssertResult r = simple("capture", at(ctx, cap.pos), cap.name.source() + ": " + query_text(cap.query), false, "", "");
    if (!name || !value) {
      r.error = describe(!name ? name.error() : value.error());
    } else if (value->kind == Value::Kind::none) {
      r.error = "the capture's query found nothing";
    } else {
      r.passed = true;
      variables.set(*name, *value, cap.redact);
    }
    add(out, std::move(r), keep);
  }
  for (const auto& a : spec.asserts) {
    // The verdict first: a passing assert's texts are built only when every result is kept.
    std::string error;
    std::optional<Verdict> verdict;
    if (auto value = evaluate_query(a.query, ctx); !value) {
      error = describe(value.error());
    } else if (auto judged = evaluate_predicate(a.predicate, *value, ctx); !judged) {
      error = describe(judged.error());
    } else {
      verdict = std::move(*judged);
    }
    const bool passed = verdict && verdict->passed;
    if (passed && keep == KeepAsserts::failed) continue;
    AssertResult& r = out.emplace_back();
    r.kind = "assert";
    r.where = at(ctx, a.pos);
    r.text = assert_text(a);
    r.passed = passed;
    r.error = std::move(error);
    if (verdict) {
      r.expected = std::move(verdict->expected);
      r.actual = std::move(verdict->actual);
    }
  }
  return out;
}

}  // namespace sonde::flow
