// A recursive-descent parser for ECMA-262 Pattern (ES2023 section 22.2.1) read with the `u` flag,
// with the Annex B literals listed in the header.
#include "core/check/regex_syntax.hpp"

#include <algorithm>
#include <map>

#include "core/check/regex_classes.hpp"

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

namespace {

constexpr int k_max_depth = 200;  // nested groups and classes; deeper patterns are refused

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_alnum(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
int hex_value(char32_t c) {
  if (is_digit(c)) return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

Node single(char32_t c) {
  Node n;
  n.kind = Kind::set;
  n.set.ranges.push_back({c, c});
  return n;
}

// One class atom: a code point, or a whole set (\d, \p{L}).
struct ClassAtom {
  bool is_set = false;
  char32_t c = 0;
  CharSet set;
};

class Parser {
 public:
  explicit Parser(std::vector<char32_t> p) : p_(std::move(p)) {}

  Result<Tree> run() {
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

 private:
  // Group numbers and names first: a backreference may name a group that comes later.
  void prescan() {
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

  Result<Tree> failure() const { return fail(ErrorKind::invalid_input, error_); }

  void error_at(const std::string& what) {
    if (error_.empty()) error_ = what + " at character " + std::to_string(i_ + 1);
  }
  bool at(char32_t c) const { return i_ < p_.size() && p_[i_] == c; }
  bool eat(char32_t c) {
    if (!at(c)) return false;
    ++i_;
    return true;
  }

  Node disjunction(int depth) {
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

  Node alternative(int depth) {
    Node seq;
    seq.kind = Kind::sequence;
    while (error_.empty() && i_ < p_.size() && !at('|') && !at(')')) seq.children.push_back(term(depth));
    if (seq.children.empty()) return {};
    if (seq.children.size() == 1) return std::move(seq.children[0]);
    return seq;
  }

  Node term(int depth) {
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

  Node no_quantifier(Node n) {
    std::size_t save = i_;
    std::uint32_t lo = 0, hi = 0;
    if (error_.empty() && quantifier_ahead(lo, hi)) error_at("nothing to repeat");
    i_ = save;
    return n;
  }

  // Reads *, +, ?, {n}, {n,}, {n,m} at i_ (moving past it) and says whether one was there.
  bool quantifier_ahead(std::uint32_t& lo, std::uint32_t& hi) {
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

  Node quantified(Node a, int groups_before) {
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

  Node atom(int depth) {
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

  Node group(int depth) {
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

  Node atom_escape() {
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

  Node backreference(int g) {
    Node n;
    n.kind = Kind::backreference;
    n.group = g;
    needs_backtracking_ = true;
    return n;
  }

  // The escape after a backslash (i_ at the character after it), shared by atoms and classes.
  ClassAtom escape(bool in_class) {
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

  char32_t hex_digits(int count) {
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

  char32_t unicode_escape() {
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

  ClassAtom property(bool negated) {
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

  Node char_class() {
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

  ClassAtom class_atom() {
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
  static void add(CharSet& set, std::vector<Range>& ranges, const ClassAtom& a) {
    if (!a.is_set) {
      ranges.push_back({a.c, a.c});
      return;
    }
    for (auto r : a.set.ranges) ranges.push_back(r);
    for (auto& p : a.set.properties) set.properties.push_back(p);
  }

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

}  // namespace

Result<Tree> parse(std::string_view pattern) {
  std::vector<char32_t> points;
  if (!decode_utf8(pattern, points, true)) return fail(ErrorKind::invalid_input, "the pattern is not valid UTF-8");
  return Parser(std::move(points)).run();
}

}  // namespace sonde::check::regex
