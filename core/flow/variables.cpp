#include "core/flow/variables.hpp"

#include <charconv>
#include <random>

#include "core/util/text_codec.hpp"

namespace sonde::flow {

namespace {

std::string new_uuid() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uint64_t hi = engine(), lo = engine();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF), static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace

void Variables::set(const std::string& name, Value value, bool secret) {
  if (secret && (value.kind == Value::Kind::string || value.kind == Value::Kind::bytes) && !value.text.empty()) {
    secrets_.push_back(value.text);
  } else if (secret) {
    secrets_.push_back(value.as_template_text());
  }
  values_[name] = std::move(value);
}

const Value* Variables::find(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

Result<std::string> Variables::render(const hurl::Template& t, const std::string& file) const {
  std::string out;
  for (const auto& part : t.parts) {
    if (!part.variable) {
      out += part.text;
      continue;
    }
    if (const Value* v = find(part.text)) {
      out += v->as_template_text();
    } else if (part.text == "newUuid") {
      out += new_uuid();
    } else if (part.text == "newDate") {
      out += Value::of_date(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()))
                 .as_template_text();
    } else {
      return fail(ErrorKind::invalid_input, "undefined variable '" + part.text + "'",
                  file + ":" + std::to_string(t.pos.line) + ":" + std::to_string(t.pos.col),
                  "define it with --variable " + part.text + "=VALUE, --variables-file, HURL_" + part.text +
                      " or a capture");
    }
  }
  return out;
}

std::string Variables::redact(std::string text) const {
  for (const auto& secret : secrets_) {
    if (secret.empty()) continue;
    // A secret may be shown encoded: in a URL or form body (%XX, '+' for space) or inside a
    // single-quoted curl argument ('\'' for a quote).
    std::string encoded = percent_encode(secret), form = encoded, quoted;
    for (auto at = form.find("%20"); at != std::string::npos; at = form.find("%20", at + 1)) form.replace(at, 3, "+");
    for (char c : secret) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    for (const std::string* shape : std::initializer_list<const std::string*>{&secret, &encoded, &form, &quoted}) {
      for (auto pos = text.find(*shape); pos != std::string::npos; pos = text.find(*shape, pos + 3)) {
        text.replace(pos, shape->size(), "***");
      }
    }
  }
  return text;
}

Value typed_variable(const std::string& text) {
  if (text == "true" || text == "false") return Value::of_bool(text == "true");
  if (text == "null") return Value::null();
  std::int64_t i = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (!text.empty() && ec == std::errc{} && end == text.data() + text.size()) return Value::of_int(i);
  double f = 0;
  auto [fend, fec] = std::from_chars(text.data(), text.data() + text.size(), f);
  if (!text.empty() && fec == std::errc{} && fend == text.data() + text.size() && text.find_first_of(".eE") != std::string::npos) {
    return Value::of_float(f);
  }
  return Value::of_string(text);
}

}  // namespace sonde::flow
