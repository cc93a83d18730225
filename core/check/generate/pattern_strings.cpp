#include "core/check/generate/pattern_strings.hpp"

#include <algorithm>

#include "core/check/regex_syntax.hpp"

namespace sonde::check::generate {

namespace {

constexpr std::size_t k_max_bytes = 4096;

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool is_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

class Drawer {
 public:
  explicit Drawer(Rng& rng) : rng_(rng) {}
  std::string why;

  bool draw(const regex::Node& n, std::string& out) {
    if (out.size() > k_max_bytes) return fail("the string would exceed 4096 bytes");
    switch (n.kind) {
      case regex::Kind::empty:
      case regex::Kind::line_start:
      case regex::Kind::line_end:
        return true;
      case regex::Kind::set:
        return code_point(n.set, out);
      case regex::Kind::sequence:
        for (const auto& c : n.children) {
          if (!draw(c, out)) return false;
        }
        return true;
      case regex::Kind::alternation:
        return n.children.empty() || draw(n.children[rng_.below(n.children.size())], out);
      case regex::Kind::group:
        return n.children.empty() || draw(n.children[0], out);
      case regex::Kind::repeat: {
        std::uint64_t extra = n.max == regex::k_unbounded ? 4 : std::min<std::uint64_t>(4, n.max - n.min);
        std::uint64_t times = n.min + rng_.below(extra + 1);
        for (std::uint64_t i = 0; i < times && !n.children.empty(); ++i) {
          if (!draw(n.children[0], out)) return false;
        }
        return true;
      }
      case regex::Kind::word_boundary:
      case regex::Kind::not_word_boundary:
        return fail("word boundaries are not inverted");
      case regex::Kind::look:
        return fail("lookarounds are not inverted");
      case regex::Kind::backreference:
        return fail("backreferences are not inverted");
    }
    return fail("unknown pattern construct");
  }

 private:
  bool fail(std::string reason) {
    if (why.empty()) why = std::move(reason);
    return false;
  }

  // Printable ASCII is preferred when the set has some: values stay readable in reproductions.
  bool code_point(const regex::CharSet& set, std::string& out) {
    // A code point of the ranges matches a class that also names properties, unless negated.
    if (!set.properties.empty() && (set.negated || set.ranges.empty())) return fail("Unicode properties (\\p{...}) are not inverted");
    std::vector<char32_t> ascii;
    for (char32_t c = 0x20; c < 0x7F; ++c) {
      if (set.contains(c)) ascii.push_back(c);
    }
    if (!ascii.empty()) {
      append_utf8(out, ascii[rng_.below(ascii.size())]);
      return true;
    }
    if (set.negated) {
      for (char32_t c = 0xA1; c < 0x2000; ++c) {
        if (set.contains(c)) {
          append_utf8(out, c);
          return true;
        }
      }
      return fail("the character class excludes every candidate");
    }
    if (set.ranges.empty()) return fail("an empty character class matches nothing");
    const auto& r = set.ranges[rng_.below(set.ranges.size())];
    char32_t c = static_cast<char32_t>(r.lo + rng_.below(static_cast<std::uint64_t>(r.hi - r.lo) + 1));
    if (is_surrogate(c) || c > 0x10FFFF) c = r.lo;
    if (is_surrogate(c)) return fail("the character class holds only surrogates");
    append_utf8(out, c);
    return true;
  }

  Rng& rng_;
};

}  // namespace

PatternString string_matching(std::string_view pattern, Rng& rng) {
  auto tree = regex::parse(pattern);
  if (!tree) return {std::nullopt, "invalid pattern: " + tree.error().message};
  Drawer drawer(rng);
  std::string out;
  if (!drawer.draw(tree->root, out)) return {std::nullopt, drawer.why};
  return {std::move(out), {}};
}

std::optional<std::string> fixed_string_matching(const std::string& pattern) {
  std::uint64_t seed = 1469598103934665603ULL;
  for (char ch : pattern) seed = (seed ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
  Rng rng(seed);
  return string_matching(pattern, rng).text;
}

}  // namespace sonde::check::generate
