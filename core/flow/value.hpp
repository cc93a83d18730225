#pragma once
/// The values queries, filters and captures yield in a `sonde test` run, with Hurl's types:
/// none (nothing found), null, boolean, integer, float, string, bytes, list, object, date, and
/// nodeset (what an XPath node-set query yields: its size, as in Hurl).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sonde::flow {

struct Value {
  enum class Kind { none, null, boolean, integer, floating, string, bytes, list, object, date, nodeset };
  using Date = std::chrono::sys_time<std::chrono::microseconds>;

  Kind kind = Kind::none;
  bool boolean = false;
  std::int64_t integer = 0;  ///< integer, or a nodeset's size
  double floating = 0;
  std::string text;          ///< string, bytes, or an integer too big for int64 (its digits)
  std::vector<Value> list;
  nlohmann::json object;     ///< kind object
  Date date{};

  static Value none() { return {}; }
  static Value null() { return of(Kind::null); }
  static Value of_bool(bool b);
  static Value of_int(std::int64_t i);
  static Value of_float(double f);
  static Value of_string(std::string s);
  static Value of_bytes(std::string b);
  static Value of_date(Date d);
  static Value of_list(std::vector<Value> items);
  static Value of_nodeset(std::size_t size);
  /// From parsed JSON: arrays become lists, objects stay JSON, numbers keep int vs float.
  static Value from_json(const nlohmann::json& j);

  bool is_number() const { return kind == Kind::integer || kind == Kind::floating; }
  /// The number as a double (integers converted).
  double number() const;
  /// The value as Hurl shows it in messages: strings quoted, lists in brackets, bytes as hex.
  std::string describe() const;
  /// The type name used in messages ("string", "integer", "list", ...).
  std::string type_name() const;
  /// The text a template substitutes for this value (strings bare, numbers, true/false, null).
  std::string as_template_text() const;

 private:
  static Value of(Kind k) {
    Value v;
    v.kind = k;
    return v;
  }
};

/// The value as JSON (dates and bytes as strings), for reports and list rendering.
nlohmann::json to_json(const Value& v);

/// Equality with Hurl's rules: 1 == 1.0; lists element-wise; objects structurally.
bool equal(const Value& a, const Value& b);

}  // namespace sonde::flow
