#include "core/check/regex_re2.hpp"

#include <cstdio>

namespace sonde::check::regex {

namespace {

constexpr const char* k_nothing = "[^\\x{0}-\\x{10FFFF}]";

void code_point(char32_t c, std::string& out) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    out += static_cast<char>(c);
    return;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(c));
  out += buf;
}

void char_set(const CharSet& set, std::string& out) {
  if (!set.negated && set.properties.empty()) {
    if (set.ranges.empty()) {
      out += k_nothing;
      return;
    }
    if (set.ranges.size() == 1 && set.ranges[0].lo == set.ranges[0].hi) {
      code_point(set.ranges[0].lo, out);
      return;
    }
  }
  if (set.negated && set.ranges.empty() && set.properties.empty()) {
    out += "[\\x{0}-\\x{10FFFF}]";
    return;
  }
  out += set.negated ? "[^" : "[";
  for (const auto& r : set.ranges) {
    code_point(r.lo, out);
    if (r.hi != r.lo) {
      out += '-';
      code_point(r.hi, out);
    }
  }
  for (const auto& p : set.properties) out += "\\p{" + p + "}";
  out += ']';
}

void repeat_suffix(const Node& node, std::string& out) {
  if (node.min == 0 && node.max == k_unbounded) out += '*';
  else if (node.min == 1 && node.max == k_unbounded) out += '+';
  else if (node.min == 0 && node.max == 1) out += '?';
  else if (node.max == k_unbounded) out += "{" + std::to_string(node.min) + ",}";
  else if (node.min == node.max) out += "{" + std::to_string(node.min) + "}";
  else out += "{" + std::to_string(node.min) + "," + std::to_string(node.max) + "}";
  if (!node.greedy) out += '?';
}

void emit(const Node& node, std::string& out) {
  switch (node.kind) {
    case Kind::empty: break;
    case Kind::set: char_set(node.set, out); break;
    case Kind::sequence:
      for (const auto& c : node.children) emit(c, out);
      break;
    case Kind::alternation:
      out += "(?:";
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i) out += '|';
        emit(node.children[i], out);
      }
      out += ')';
      break;
    case Kind::group:
      out += "(?:";
      emit(node.children[0], out);
      out += ')';
      break;
    case Kind::repeat:
      out += "(?:";
      emit(node.children[0], out);
      out += ')';
      repeat_suffix(node, out);
      break;
    case Kind::line_start: out += '^'; break;
    case Kind::line_end: out += '$'; break;
    case Kind::word_boundary: out += "\\b"; break;
    case Kind::not_word_boundary: out += "\\B"; break;
    case Kind::look:
    case Kind::backreference: out += k_nothing; break;  // never asked: such trees go to the fallback
  }
}

}  // namespace

std::string to_re2_syntax(const Node& node) {
  std::string out;
  emit(node, out);
  return out;
}

}  // namespace sonde::check::regex
