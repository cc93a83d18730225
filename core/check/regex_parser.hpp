#pragma once
/// Internal to regex_syntax.cpp and regex_escapes.cpp: the recursive-descent parser for ECMA-262
/// Pattern (ES2023 section 22.2.1) read with the `u` flag, with the Annex B literals listed in
/// regex_syntax.hpp. Structure (alternatives, terms, groups, quantifiers) is in regex_syntax.cpp;
/// escapes and character classes in regex_escapes.cpp.
#include <map>
#include <string>
#include <vector>

#include "core/check/regex_syntax.hpp"

namespace sonde::check::regex::detail {

inline constexpr int k_max_depth = 200;  // nested groups; deeper patterns are refused

inline bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// One class atom: a code point, or a whole set (\d, \p{L}).
struct ClassAtom {
  bool is_set = false;
  char32_t c = 0;
  CharSet set;
};

class Parser {
 public:
  explicit Parser(std::vector<char32_t> p) : p_(std::move(p)) {}
  Result<Tree> run();

 private:
  void prescan();
  void error_at(const std::string& what);
  bool eat(char32_t c);
  Node disjunction(int depth);
  Node alternative(int depth);
  Node term(int depth);
  Node no_quantifier(Node n);
  bool quantifier_ahead(std::uint32_t& lo, std::uint32_t& hi);
  Node quantified(Node a, int groups_before);
  Node atom(int depth);
  Node group(int depth);
  Node atom_escape();
  Node backreference(int g);
  ClassAtom escape(bool in_class);
  char32_t hex_digits(int count);
  char32_t unicode_escape();
  ClassAtom property(bool negated);
  Node char_class();
  ClassAtom class_atom();
  static void add(CharSet& set, std::vector<Range>& ranges, const ClassAtom& a);

  Result<Tree> failure() const { return fail(ErrorKind::invalid_input, error_); }
  bool at(char32_t c) const { return i_ < p_.size() && p_[i_] == c; }

  std::vector<char32_t> p_;
  std::size_t i_ = 0;
  std::string error_;
  int total_groups_ = 0;
  int groups_seen_ = 0;
  int captures_ = 0;
  std::map<std::u32string, int> names_;
  bool needs_backtracking_ = false;
  bool uses_properties_ = false;
};

}  // namespace sonde::check::regex::detail
