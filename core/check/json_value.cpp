// Reading values out of a tape: text, numbers, navigation and a compact dump for messages.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/check/json_tape.hpp"

namespace sonde::check {

std::string_view type_name(JsonType type) {
  switch (type) {
    case JsonType::null: return "null";
    case JsonType::boolean: return "boolean";
    case JsonType::integer: return "integer";
    case JsonType::number: return "number";
    case JsonType::string: return "string";
    case JsonType::array: return "array";
    case JsonType::object: return "object";
  }
  return "?";
}


std::string_view JsonValue::text() const {
  const auto& e = entry();
  return {tape_->base + e.s.offset, e.s.length};
}

double JsonValue::as_double() const {
  const auto& e = entry();
  if (e.type == JsonType::number) return e.d;
  if (e.flag == 0) return static_cast<double>(e.i);
  std::string literal(text());
  return std::strtod(literal.c_str(), nullptr);
}

JsonValue JsonValue::next_sibling() const { return {tape_, entry().next}; }

bool JsonValue::find(std::string_view key, JsonValue& out) const {
  if (type() != JsonType::object) return false;
  JsonValue k = first_child();
  for (std::size_t i = 0; i < size(); ++i) {
    JsonValue v = k.next_sibling();
    if (k.text() == key) {
      out = v;
      return true;
    }
    k = v.next_sibling();
  }
  return false;
}

std::string JsonValue::dump(std::size_t limit) const {
  std::string out;
  switch (type()) {
    case JsonType::null: out = "null"; break;
    case JsonType::boolean: out = as_bool() ? "true" : "false"; break;
    case JsonType::integer: out = is_big_integer() ? std::string(text()) : std::to_string(entry().i); break;
    case JsonType::number: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", entry().d);
      out = buf;
      break;
    }
    case JsonType::string: {
      out.push_back('"');  // push_back, not = "\"": GCC 12 -O2 warns falsely (-Wstringop-overflow)
      for (char c : text()) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
        out += c;
        if (out.size() > limit) break;
      }
      out += "\"";
      break;
    }
    case JsonType::array:
    case JsonType::object: {
      bool object = type() == JsonType::object;
      out.push_back(object ? '{' : '[');
      JsonValue c = first_child();
      for (std::size_t i = 0; i < size() && out.size() <= limit; ++i) {
        if (i) out += ",";
        if (object) {
          out += c.dump(limit) + ":";
          c = c.next_sibling();
        }
        out += c.dump(limit);
        c = c.next_sibling();
      }
      out += object ? "}" : "]";
      break;
    }
  }
  if (out.size() > limit) out = out.substr(0, limit) + "...";
  return out;
}

}  // namespace sonde::check
