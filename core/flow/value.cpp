#include "core/flow/value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sonde::flow {

Value Value::of_bool(bool b) {
  Value v = of(Kind::boolean);
  v.boolean = b;
  return v;
}
Value Value::of_int(std::int64_t i) {
  Value v = of(Kind::integer);
  v.integer = i;
  return v;
}
Value Value::of_float(double f) {
  Value v = of(Kind::floating);
  v.floating = f;
  return v;
}
Value Value::of_string(std::string s) {
  Value v = of(Kind::string);
  v.text = std::move(s);
  return v;
}
Value Value::of_bytes(std::string b) {
  Value v = of(Kind::bytes);
  v.text = std::move(b);
  return v;
}
Value Value::of_date(Date d) {
  Value v = of(Kind::date);
  v.date = d;
  return v;
}
Value Value::of_list(std::vector<Value> items) {
  Value v = of(Kind::list);
  v.list = std::move(items);
  return v;
}

Value Value::of_nodeset(std::size_t size) {
  Value v = of(Kind::nodeset);
  v.integer = static_cast<std::int64_t>(size);
  return v;
}

Value Value::from_json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return null();
    case nlohmann::json::value_t::boolean: return of_bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return of_int(j.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      auto u = j.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return of_int(static_cast<std::int64_t>(u));
      Value v = of(Kind::integer);
      v.text = std::to_string(u);
      v.integer = INT64_MAX;
      return v;
    }
    case nlohmann::json::value_t::number_float: return of_float(j.get<double>());
    case nlohmann::json::value_t::string: return of_string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::vector<Value> items;
      items.reserve(j.size());
      for (const auto& item : j) items.push_back(from_json(item));
      return of_list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Value v = of(Kind::object);
      v.object = j;
      return v;
    }
    default: return none();
  }
}

double Value::number() const { return kind == Kind::integer ? static_cast<double>(integer) : floating; }

namespace {

std::string float_text(double f) {
  if (std::isfinite(f) && f == std::floor(f) && std::fabs(f) < 1e15) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.1f", f);
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", f);
  // Shortest form that reads back the same.
  for (int precision = 1; precision <= 17; ++precision) {
    char shorter[40];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, f);
    if (std::strtod(shorter, nullptr) == f) return shorter;
  }
  return buf;
}

std::string date_text(const Value::Date& d) {
  auto secs = std::chrono::floor<std::chrono::seconds>(d);
  auto micros = (d - secs).count();
  std::time_t t = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char frac[16] = "";
  if (micros) std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(micros));
  return std::string(buf) + frac + "Z";
}

}  // namespace

nlohmann::json to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::none:
    case Value::Kind::null: return nullptr;
    case Value::Kind::boolean: return v.boolean;
    case Value::Kind::integer:
      return v.text.empty() ? nlohmann::json(v.integer) : nlohmann::json::parse(v.text, nullptr, false);
    case Value::Kind::floating: return v.floating;
    case Value::Kind::string:
    case Value::Kind::bytes:
    case Value::Kind::date: return v.kind == Value::Kind::date ? v.as_template_text() : v.text;
    case Value::Kind::list: {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& item : v.list) j.push_back(to_json(item));
      return j;
    }
    case Value::Kind::object: return v.object;
    case Value::Kind::nodeset: return nlohmann::json{{"nodeset", v.integer}};
  }
  return nullptr;
}

std::string Value::as_template_text() const {
  switch (kind) {
    case Kind::none: return "";
    case Kind::null: return "null";
    case Kind::boolean: return boolean ? "true" : "false";
    case Kind::integer: return text.empty() ? std::to_string(integer) : text;
    case Kind::floating: return float_text(floating);
    case Kind::string:
    case Kind::bytes: return text;
    case Kind::list: return to_json(*this).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    case Kind::object: return object.dump();
    case Kind::date: return date_text(date);
    case Kind::nodeset: return std::to_string(integer);
  }
  return "";
}

std::string Value::describe() const {
  switch (kind) {
    case Kind::none: return "none";
    case Kind::string: {
      // Printable ASCII needs no escaping: the common case, taken without building a JSON value
      // (every assert describes its actual value, passing or not).
      const bool plain = std::all_of(text.begin(), text.end(),
                                     [](char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; });
      if (plain) return '"' + text + '"';
      return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    case Kind::bytes: {
      static const char* hex = "0123456789abcdef";
      std::string out = "hex,";
      for (std::size_t i = 0; i < text.size() && i < 32; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        out += hex[c >> 4];
        out += hex[c & 15];
      }
      return out + (text.size() > 32 ? "...;" : ";") + " (" + std::to_string(text.size()) + " bytes)";
    }
    case Kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + list[i].describe();
      return out + "]";
    }
    case Kind::object: return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    case Kind::nodeset: return "a nodeset of " + std::to_string(integer) + (integer == 1 ? " node" : " nodes");
    default: return as_template_text();
  }
}

std::string Value::type_name() const {
  switch (kind) {
    case Kind::none: return "none";
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::integer: return "integer";
    case Kind::floating: return "float";
    case Kind::string: return "string";
    case Kind::bytes: return "bytes";
    case Kind::list: return "list";
    case Kind::object: return "object";
    case Kind::date: return "date";
    case Kind::nodeset: return "nodeset";
  }
  return "?";
}

bool equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.kind == Value::Kind::integer && b.kind == Value::Kind::integer) {
      if (!a.text.empty() || !b.text.empty()) return a.as_template_text() == b.as_template_text();
      return a.integer == b.integer;
    }
    return a.number() == b.number();
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::none:
    case Value::Kind::null: return true;
    case Value::Kind::boolean: return a.boolean == b.boolean;
    case Value::Kind::string:
    case Value::Kind::bytes: return a.text == b.text;
    case Value::Kind::list:
      if (a.list.size() != b.list.size()) return false;
      for (std::size_t i = 0; i < a.list.size(); ++i) {
        if (!equal(a.list[i], b.list[i])) return false;
      }
      return true;
    case Value::Kind::object: return a.object == b.object;
    case Value::Kind::date: return a.date == b.date;
    case Value::Kind::nodeset: return a.integer == b.integer;
    default: return false;
  }
}

}  // namespace sonde::flow
