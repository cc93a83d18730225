#include "core/check/regex_classes.hpp"

#include <algorithm>
#include <array>

namespace sonde::check::regex {

namespace {

// ECMA-262 WhiteSpace and LineTerminator (section 22.2.2.9, CharacterClassEscape :: s).
constexpr std::array<Range, 10> k_space{{{0x09, 0x0D},
                                         {0x20, 0x20},
                                         {0xA0, 0xA0},
                                         {0x1680, 0x1680},
                                         {0x2000, 0x200A},
                                         {0x2028, 0x2029},
                                         {0x202F, 0x202F},
                                         {0x205F, 0x205F},
                                         {0x3000, 0x3000},
                                         {0xFEFF, 0xFEFF}}};
constexpr std::array<Range, 4> k_word{{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}};

struct Category {
  std::string_view long_name, short_name;
};

// General_Category values (UAX #44, PropertyValueAliases.txt) that RE2 knows.
constexpr std::array<Category, 36> k_categories{{
    {"Other", "C"},
    {"Control", "Cc"},
    {"Format", "Cf"},
    {"Private_Use", "Co"},
    {"Surrogate", "Cs"},
    {"Letter", "L"},
    {"Lowercase_Letter", "Ll"},
    {"Modifier_Letter", "Lm"},
    {"Other_Letter", "Lo"},
    {"Titlecase_Letter", "Lt"},
    {"Uppercase_Letter", "Lu"},
    {"Mark", "M"},
    {"Spacing_Mark", "Mc"},
    {"Enclosing_Mark", "Me"},
    {"Nonspacing_Mark", "Mn"},
    {"Number", "N"},
    {"Decimal_Number", "Nd"},
    {"Letter_Number", "Nl"},
    {"Other_Number", "No"},
    {"Punctuation", "P"},
    {"Connector_Punctuation", "Pc"},
    {"Dash_Punctuation", "Pd"},
    {"Close_Punctuation", "Pe"},
    {"Final_Punctuation", "Pf"},
    {"Initial_Punctuation", "Pi"},
    {"Other_Punctuation", "Po"},
    {"Open_Punctuation", "Ps"},
    {"Symbol", "S"},
    {"Currency_Symbol", "Sc"},
    {"Modifier_Symbol", "Sk"},
    {"Math_Symbol", "Sm"},
    {"Other_Symbol", "So"},
    {"Separator", "Z"},
    {"Line_Separator", "Zl"},
    {"Paragraph_Separator", "Zp"},
    {"Space_Separator", "Zs"},
}};

std::optional<std::string> category(std::string_view name) {
  for (const auto& c : k_categories) {
    if (name == c.long_name || name == c.short_name) return std::string(c.short_name);
  }
  return std::nullopt;
}

}  // namespace

CharSet class_escape(char32_t letter) {
  CharSet set;
  switch (letter) {
    case 'd': case 'D': set.ranges = {{'0', '9'}}; break;
    case 's': case 'S': set.ranges.assign(k_space.begin(), k_space.end()); break;
    default: set.ranges.assign(k_word.begin(), k_word.end()); break;
  }
  if (letter == 'D' || letter == 'S' || letter == 'W') set.ranges = complement(set.ranges);
  return set;
}

std::vector<Range> line_terminators() { return {{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}; }

std::vector<Range> normalize(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  for (const auto& r : ranges) {
    if (!out.empty() && r.lo <= out.back().hi + 1) out.back().hi = std::max(out.back().hi, r.hi);
    else out.push_back(r);
  }
  return out;
}

std::vector<Range> complement(const std::vector<Range>& ranges) {
  std::vector<Range> out;
  char32_t next = 0;
  for (const auto& r : ranges) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    next = r.hi + 1;
  }
  if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
  return out;
}

std::optional<std::string> property_name(std::string_view text) {
  if (text == "ASCII") return std::string();
  if (text == "Any") return std::string("Any");
  auto eq = text.find('=');
  if (eq == std::string_view::npos) return category(text);
  std::string_view key = text.substr(0, eq), value = text.substr(eq + 1);
  if (key == "General_Category" || key == "gc") return category(value);
  // RE2 knows scripts by their long names (Greek, Latin, Han), as ECMA-262 writes them.
  bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  });
  if ((key == "Script" || key == "sc") && plain) return std::string(value);
  return std::nullopt;
}

}  // namespace sonde::check::regex
