// Escapes (\d, \u{...}, \p{...}, identity escapes) and character classes of ECMA-262 patterns.
#include <algorithm>

#include "core/check/regex_classes.hpp"
#include "core/check/regex_parser.hpp"

namespace sonde::check::regex::detail {

namespace {

int hex_value(char32_t c) {
  if (is_digit(c)) return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

}  // namespace

// The escape after a backslash (i_ at the character after it), shared by atoms and classes.
ClassAtom Parser::escape(bool in_class) {
  ClassAtom a;
  char32_t c = p_[i_++];
  switch (c) {
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
      a.is_set = true;
      a.set = class_escape(c);
      return a;
    case 'p': case 'P': return property(c == 'P');
    case 'f': a.c = '\f'; return a;
    case 'n': a.c = '\n'; return a;
    case 'r': a.c = '\r'; return a;
    case 't': a.c = '\t'; return a;
    case 'v': a.c = '\v'; return a;
    case 'b':
      if (in_class) a.c = '\b';
      else error_at("unexpected \\b");
      return a;
    case '0':
      if (i_ < p_.size() && is_digit(p_[i_])) error_at("octal escapes are not allowed");
      a.c = 0;
      return a;
    case 'c':
      if (i_ < p_.size() && p_[i_] < 128 && is_alnum(p_[i_]) && !is_digit(p_[i_])) {
        a.c = p_[i_++] % 32;
      } else {
        error_at("\\c must be followed by a letter");
      }
      return a;
    case 'x': a.c = hex_digits(2); return a;
    case 'u': a.c = unicode_escape(); return a;
    default: break;
  }
  if (c < 128 && is_alnum(c)) {
    --i_;
    error_at(in_class && is_digit(c) ? "backreferences are not allowed in a class" : "unknown escape");
    return a;
  }
  a.c = c;  // identity escape: \. \/ \- \$ and any other non-alphanumeric character
  return a;
}

char32_t Parser::hex_digits(int count) {
  char32_t v = 0;
  for (int k = 0; k < count; ++k) {
    int h = i_ < p_.size() ? hex_value(p_[i_]) : -1;
    if (h < 0) {
      error_at("expected a hexadecimal digit");
      return 0;
    }
    v = v * 16 + static_cast<char32_t>(h);
    ++i_;
  }
  return v;
}

char32_t Parser::unicode_escape() {
  if (eat('{')) {
    char32_t v = 0;
    std::size_t start = i_;
    while (i_ < p_.size() && hex_value(p_[i_]) >= 0 && v <= 0x10FFFF) v = v * 16 + static_cast<char32_t>(hex_value(p_[i_++]));
    if (i_ == start || v > 0x10FFFF || !eat('}')) error_at("invalid \\u{...} escape");
    return v;
  }
  char32_t v = hex_digits(4);
  // A surrogate pair written as two escapes is one code point.
  if (v >= 0xD800 && v <= 0xDBFF && i_ + 5 < p_.size() && p_[i_] == '\\' && p_[i_ + 1] == 'u') {
    std::size_t save = i_;
    i_ += 2;
    char32_t low = hex_digits(4);
    if (error_.empty() && low >= 0xDC00 && low <= 0xDFFF) return 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
    i_ = save;
  }
  return v;
}

ClassAtom Parser::property(bool negated) {
  ClassAtom a;
  a.is_set = true;
  std::string text;
  if (!eat('{')) {
    error_at("\\p must be followed by {name}");
    return a;
  }
  while (i_ < p_.size() && p_[i_] != '}' && p_[i_] < 128) text += static_cast<char>(p_[i_++]);
  if (!eat('}')) {
    error_at("missing '}' after \\p{");
    return a;
  }
  auto name = property_name(text);
  if (!name) {
    error_at("unsupported Unicode property '" + text + "'");
    return a;
  }
  if (name->empty()) {  // ASCII: a plain range
    a.set.ranges.push_back({0, 0x7F});
    if (negated) a.set.ranges = complement(a.set.ranges);
    return a;
  }
  a.set.properties.push_back((negated ? "^" : "") + *name);
  uses_properties_ = true;
  return a;
}

Node Parser::char_class() {
  ++i_;  // [
  CharSet set;
  bool negated = eat('^');
  std::vector<Range> ranges;
  while (error_.empty() && i_ < p_.size() && !at(']')) {
    ClassAtom lo = class_atom();
    if (!error_.empty()) break;
    if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
      ++i_;
      ClassAtom hi = class_atom();
      if (!error_.empty()) break;
      if (lo.is_set || hi.is_set) {  // Annex B: [\d-z] is \d, '-' and 'z'
        add(set, ranges, lo);
        ranges.push_back({'-', '-'});
        add(set, ranges, hi);
        continue;
      }
      if (lo.c > hi.c) {
        error_at("range out of order in character class");
        break;
      }
      ranges.push_back({lo.c, hi.c});
      continue;
    }
    add(set, ranges, lo);
  }
  if (error_.empty() && !eat(']')) error_at("missing ']'");
  set.ranges = normalize(std::move(ranges));
  // Sets with properties keep `negated` for RE2; plain ones are complemented now.
  if (negated && set.properties.empty()) set.ranges = complement(set.ranges);
  else set.negated = negated;
  Node n;
  n.kind = Kind::set;
  n.set = std::move(set);
  return n;
}

ClassAtom Parser::class_atom() {
  ClassAtom a;
  if (eat('\\')) {
    if (i_ >= p_.size()) {
      error_at("'\\' at the end of the pattern");
      return a;
    }
    if (eat('-')) {
      a.c = '-';
      return a;
    }
    if (at('B')) {
      error_at("unexpected \\B in a class");
      return a;
    }
    return escape(true);
  }
  a.c = p_[i_++];
  return a;
}

// Escapes yield plain (never negated) sets: \D, \S, \W are complemented when read and \P{X}
// is the property "^X".
void Parser::add(CharSet& set, std::vector<Range>& ranges, const ClassAtom& a) {
  if (!a.is_set) {
    ranges.push_back({a.c, a.c});
    return;
  }
  for (auto r : a.set.ranges) ranges.push_back(r);
  for (auto& p : a.set.properties) set.properties.push_back(p);
}

}  // namespace sonde::check::regex::detail
