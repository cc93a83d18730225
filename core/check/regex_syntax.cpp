// The structure of a pattern: alternatives, terms, assertions, groups, quantifiers and
// backreferences (escapes and classes: regex_escapes.cpp).
#include "core/check/regex_syntax.hpp"

#include <algorithm>

#include "core/check/regex_classes.hpp"
#include "core/check/regex_parser.hpp"

namespace sonde::check::regex {

bool CharSet::contains(char32_t c) const {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), c, [](char32_t v, const Range& r) { return v < r.lo; });
  bool in = it != ranges.begin() && c <= std::prev(it)->hi;
  return in != negated;
}

bool decode_utf8(std::string_view text, std::vector<char32_t>& out, bool strict) {
  out.clear();
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char b = s[i];
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k) {
      ok = (s[i + k] & 0xC0) == 0x80;
      c = (c << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 section 3).
    static constexpr char32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && c >= k_min[len] && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
    if (!ok) {
      if (strict) return false;
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return true;
}

namespace detail {

namespace {

Node single(char32_t c) {
  Node n;
  n.kind = Kind::set;
  n.set.ranges.push_back({c, c});
  return n;
}

}  // namespace

Result<Tree> Parser::run() {
  prescan();
  if (!error_.empty()) return failure();
  Tree tree;
  tree.root = disjunction(0);
  if (error_.empty() && i_ < p_.size()) error_at(p_[i_] == ')' ? "unmatched ')'" : "unexpected character");
  if (!error_.empty()) return failure();
  tree.captures = captures_;
  tree.needs_backtracking = needs_backtracking_;
  tree.uses_properties = uses_properties_;
  return tree;
}

// Group numbers and names first: a backreference may name a group that comes later.
void Parser::prescan() {
  bool in_class = false;
  for (std::size_t i = 0; i < p_.size(); ++i) {
    char32_t c = p_[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(' && (i + 1 >= p_.size() || p_[i + 1] != '?')) {
      ++total_groups_;
    } else if (c == '(' && i + 2 < p_.size() && p_[i + 2] == '<' && i + 3 < p_.size() && p_[i + 3] != '=' &&
               p_[i + 3] != '!') {
      ++total_groups_;
      std::size_t end = i + 3;
      std::u32string name;
      while (end < p_.size() && p_[end] != '>') name += p_[end++];
      if (end == p_.size() || name.empty() || is_digit(name[0])) {
        i_ = i;
        error_at("invalid group name");
        return;
      }
      if (!names_.emplace(name, total_groups_).second) {
        i_ = i;
        error_at("duplicate group name");
        return;
      }
    }
  }
}

void Parser::error_at(const std::string& what) {
  if (error_.empty()) error_ = what + " at character " + std::to_string(i_ + 1);
}

bool Parser::eat(char32_t c) {
  if (!at(c)) return false;
  ++i_;
  return true;
}

Node Parser::disjunction(int depth) {
  if (depth > k_max_depth) {
    error_at("groups nested more than " + std::to_string(k_max_depth) + " deep");
    return {};
  }
  std::vector<Node> alternatives;
  alternatives.push_back(alternative(depth));
  while (error_.empty() && eat('|')) alternatives.push_back(alternative(depth));
  if (alternatives.size() == 1) return std::move(alternatives[0]);
  Node n;
  n.kind = Kind::alternation;
  n.children = std::move(alternatives);
  return n;
}

Node Parser::alternative(int depth) {
  Node seq;
  seq.kind = Kind::sequence;
  while (error_.empty() && i_ < p_.size() && !at('|') && !at(')')) seq.children.push_back(term(depth));
  if (seq.children.empty()) return {};
  if (seq.children.size() == 1) return std::move(seq.children[0]);
  return seq;
}

Node Parser::term(int depth) {
  char32_t c = p_[i_];
  if (c == '^' || c == '$') {
    ++i_;
    Node n;
    n.kind = c == '^' ? Kind::line_start : Kind::line_end;
    return no_quantifier(std::move(n));
  }
  if (c == '\\' && i_ + 1 < p_.size() && (p_[i_ + 1] == 'b' || p_[i_ + 1] == 'B')) {
    Node n;
    n.kind = p_[i_ + 1] == 'b' ? Kind::word_boundary : Kind::not_word_boundary;
    // RE2 tests \B between bytes, so it also holds inside a multi-byte character, where ECMA-262
    // has no position: only the fallback gets \B right.
    needs_backtracking_ = needs_backtracking_ || n.kind == Kind::not_word_boundary;
    i_ += 2;
    return no_quantifier(std::move(n));
  }
  if (c == '(' && i_ + 2 < p_.size() && p_[i_ + 1] == '?' &&
      (p_[i_ + 2] == '=' || p_[i_ + 2] == '!' ||
       (p_[i_ + 2] == '<' && i_ + 3 < p_.size() && (p_[i_ + 3] == '=' || p_[i_ + 3] == '!')))) {
    Node n;
    n.kind = Kind::look;
    n.behind = p_[i_ + 2] == '<';
    i_ += n.behind ? 3 : 2;
    n.negative = p_[i_++] == '!';
    n.children.push_back(disjunction(depth + 1));
    if (error_.empty() && !eat(')')) error_at("missing ')'");
    needs_backtracking_ = true;
    return no_quantifier(std::move(n));
  }
  int groups_before = groups_seen_;
  Node a = atom(depth);
  if (!error_.empty()) return a;
  return quantified(std::move(a), groups_before);
}

Node Parser::no_quantifier(Node n) {
  std::size_t save = i_;
  std::uint32_t lo = 0, hi = 0;
  if (error_.empty() && quantifier_ahead(lo, hi)) error_at("nothing to repeat");
  i_ = save;
  return n;
}

// Reads *, +, ?, {n}, {n,}, {n,m} at i_ (moving past it) and says whether one was there.
bool Parser::quantifier_ahead(std::uint32_t& lo, std::uint32_t& hi) {
  if (i_ >= p_.size()) return false;
  char32_t c = p_[i_];
  if (c == '*' || c == '+' || c == '?') {
    ++i_;
    lo = c == '+' ? 1 : 0;
    hi = c == '?' ? 1 : k_unbounded;
    return true;
  }
  if (c != '{') return false;
  std::size_t j = i_ + 1;
  auto number = [&](std::uint32_t& out) {
    std::size_t start = j;
    std::uint64_t v = 0;
    while (j < p_.size() && is_digit(p_[j])) v = std::min<std::uint64_t>(v * 10 + (p_[j++] - '0'), k_unbounded - 1);
    out = static_cast<std::uint32_t>(v);
    return j > start;
  };
  if (!number(lo)) return false;  // Annex B: `{` that starts no quantifier is a literal
  hi = lo;
  if (j < p_.size() && p_[j] == ',') {
    ++j;
    if (!number(hi)) hi = k_unbounded;
  }
  if (j >= p_.size() || p_[j] != '}') return false;
  i_ = j + 1;
  return true;
}

Node Parser::quantified(Node a, int groups_before) {
  std::uint32_t lo = 0, hi = 0;
  if (!quantifier_ahead(lo, hi)) return a;
  if (lo > hi) {
    error_at("numbers out of order in {} quantifier");
    return a;
  }
  Node r;
  r.kind = Kind::repeat;
  r.min = lo;
  r.max = hi;
  r.greedy = !eat('?');
  r.first_group = groups_before + 1;
  r.end_group = groups_seen_ + 1;
  r.children.push_back(std::move(a));
  std::uint32_t dummy_lo = 0, dummy_hi = 0;
  std::size_t save = i_;
  if (quantifier_ahead(dummy_lo, dummy_hi)) {
    i_ = save;
    error_at("nothing to repeat");
  }
  return r;
}

Node Parser::atom(int depth) {
  char32_t c = p_[i_];
  switch (c) {
    case '.': {
      ++i_;
      Node n;
      n.kind = Kind::set;
      n.set.ranges = complement(line_terminators());
      return n;
    }
    case '(': return group(depth);
    case '[': return char_class();
    case '\\': return atom_escape();
    case '*':
    case '+':
    case '?': error_at("nothing to repeat"); return {};
    case ')': error_at("unmatched ')'"); return {};
    case '{': {
      std::uint32_t lo = 0, hi = 0;
      std::size_t save = i_;
      if (quantifier_ahead(lo, hi)) {
        i_ = save;
        error_at("nothing to repeat");
        return {};
      }
      break;
    }
    default: break;
  }
  ++i_;
  return single(c);
}

Node Parser::group(int depth) {
  ++i_;  // (
  Node n;
  n.kind = Kind::group;
  if (eat('?')) {
    if (eat('<')) {
      n.group = ++groups_seen_;
      while (i_ < p_.size() && p_[i_] != '>') ++i_;  // the name was read by prescan()
      ++i_;
    } else if (!eat(':')) {
      error_at("unknown group kind");
      return n;
    }
  } else {
    n.group = ++groups_seen_;
  }
  n.children.push_back(disjunction(depth + 1));
  if (error_.empty() && !eat(')')) error_at("missing ')'");
  captures_ = std::max(captures_, n.group);
  return n;
}

Node Parser::atom_escape() {
  ++i_;  // backslash
  if (i_ >= p_.size()) {
    error_at("'\\' at the end of the pattern");
    return {};
  }
  char32_t c = p_[i_];
  if (is_digit(c) && c != '0') {
    std::uint64_t g = 0;
    while (i_ < p_.size() && is_digit(p_[i_])) g = std::min<std::uint64_t>(g * 10 + (p_[i_++] - '0'), 1u << 20);
    if (g > static_cast<std::uint64_t>(total_groups_)) {
      error_at("backreference to group " + std::to_string(g) + ", which does not exist");
      return {};
    }
    return backreference(static_cast<int>(g));
  }
  if (c == 'k') {
    ++i_;
    std::u32string name;
    if (!eat('<')) {
      error_at("\\k must be followed by <name>");
      return {};
    }
    while (i_ < p_.size() && p_[i_] != '>') name += p_[i_++];
    auto found = names_.find(name);
    if (!eat('>') || found == names_.end()) {
      error_at("backreference to a group name that does not exist");
      return {};
    }
    return backreference(found->second);
  }
  ClassAtom a = escape(false);
  Node n;
  n.kind = Kind::set;
  if (a.is_set) n.set = std::move(a.set);
  else n.set.ranges.push_back({a.c, a.c});
  return n;
}

Node Parser::backreference(int g) {
  Node n;
  n.kind = Kind::backreference;
  n.group = g;
  needs_backtracking_ = true;
  return n;
}

}  // namespace detail

Result<Tree> parse(std::string_view pattern) {
  std::vector<char32_t> points;
  if (!decode_utf8(pattern, points, true)) return fail(ErrorKind::invalid_input, "the pattern is not valid UTF-8");
  return detail::Parser(std::move(points)).run();
}

}  // namespace sonde::check::regex
