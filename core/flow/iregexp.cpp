#include "core/flow/iregexp.hpp"

#include <locale>
#include <stdexcept>

#include "core/flow/large_stack.hpp"
#include "core/util/sanitizer.hpp"
#include "core/flow/utf8.hpp"

namespace sonde::flow {

namespace {

constexpr std::size_t k_max_group_depth = 64;
constexpr unsigned k_max_repeat = 1000;
// Stack reserved per character of text on the helper thread: libstdc++'s matcher was measured
// at ~500 bytes per character at -O2 and ~2 KiB under AddressSanitizer (its redzones); 4x that.
// Only the pages actually touched become resident.
#if SONDE_ASAN
constexpr std::size_t k_stack_per_char = 8192;
#else
constexpr std::size_t k_stack_per_char = 2048;
#endif
// Below this many characters the calling thread's stack is ample.
constexpr std::size_t k_inline_limit = 2000;

bool is_surrogate(wchar_t c) { return c >= 0xD800 && c <= 0xDFFF; }
bool is_scalar(wchar_t c) { return c >= 0 && c <= 0x10FFFF && !is_surrogate(c); }

// RFC 9485 NormalChar: everything but . ( ) * + ? [ \ ] { | } and surrogates.
bool is_normal_char(wchar_t c) {
  if (!is_scalar(c)) return false;
  return c <= 0x27 || c == ',' || c == '-' || (c >= 0x2F && c <= 0x3E) || (c >= 0x40 && c <= 0x5A) ||
         (c >= 0x5E && c <= 0x7A) || c >= 0x7E;
}

// RFC 9485 SingleCharEsc, the character after the backslash.
bool is_single_char_escape(wchar_t c) {
  return (c >= 0x28 && c <= 0x2B) || c == '-' || c == '.' || c == '?' || (c >= 0x5B && c <= 0x5E) || c == 'n' ||
         c == 'r' || c == 't' || (c >= 0x7B && c <= 0x7D);
}

bool is_category(std::wstring_view name) {
  static constexpr std::wstring_view k_names[] = {
      L"L",  L"Ll", L"Lm", L"Lo", L"Lt", L"Lu", L"M",  L"Mc", L"Me", L"Mn", L"N",  L"Nd", L"Nl", L"No", L"P",
      L"Pc", L"Pd", L"Pe", L"Pf", L"Pi", L"Po", L"Ps", L"Z",  L"Zl", L"Zp", L"Zs", L"S",  L"Sc", L"Sk", L"Sm",
      L"So", L"C",  L"Cc", L"Cf", L"Cn", L"Co"};
  for (auto known : k_names) {
    if (name == known) return true;
  }
  return false;
}

// The POSIX class (in the C.UTF-8 locale) standing in for a Unicode category, or empty.
std::wstring_view posix_class_for(std::wstring_view category) {
  if (category == L"L") return L"alpha";
  if (category == L"Lu") return L"upper";
  if (category == L"Ll") return L"lower";
  return {};
}

const std::locale* utf8_locale() {
  static const std::optional<std::locale> locale = []() -> std::optional<std::locale> {
    try {
      return std::locale("C.UTF-8");
    } catch (const std::runtime_error&) {
      return std::nullopt;
    }
  }();
  return locale ? &*locale : nullptr;
}

// Recursive descent over RFC 9485's grammar, writing the ECMAScript form as it goes. Any
// failure (not an I-Regexp, or an unsupported part) makes the whole translation fail.
class Translator {
 public:
  explicit Translator(std::wstring_view pattern) : p_(pattern) {}

  std::optional<std::wstring> run() {
    if (!regexp() || i_ != p_.size()) return std::nullopt;
    return std::move(out_);
  }

  /// Whether the translation uses POSIX classes that need the C.UTF-8 locale.
  bool uses_locale() const { return uses_locale_; }

 private:
  bool at(wchar_t c) const { return i_ < p_.size() && p_[i_] == c; }

  bool regexp() {
    if (!branch()) return false;
    while (at('|')) {
      out_ += L'|';
      ++i_;
      if (!branch()) return false;
    }
    return true;
  }

  bool branch() {
    while (i_ < p_.size() && !at('|') && !at(')')) {
      if (!atom() || !quantifier()) return false;
    }
    return true;
  }

  bool atom() {
    const wchar_t c = p_[i_];
    if (c == '(') return group();
    if (c == '[') return char_class();
    if (c == '\\') return escape(false);
    ++i_;
    if (c == '.') {
      out_ += L"[^\\n\\r]";  // RFC 9485 section 5.3: I-Regexp's dot excludes only CR and LF
      return true;
    }
    if (!is_normal_char(c)) return false;
    out_ += c;
    return true;
  }

  bool group() {
    if (++depth_ > k_max_group_depth) return false;
    ++i_;
    out_ += L"(?:";
    if (!regexp() || !at(')')) return false;
    ++i_;
    out_ += L')';
    --depth_;
    return true;
  }

  bool quantifier() {
    if (at('*') || at('+') || at('?')) {
      out_ += p_[i_++];
      return true;
    }
    if (!at('{')) return true;
    ++i_;
    const auto min = number();
    if (!min) return false;
    std::optional<unsigned> max = min;
    bool open = false;
    if (at(',')) {
      ++i_;
      open = !(i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9');
      if (!open && !(max = number())) return false;
    }
    if (!at('}') || (max && *max < *min)) return false;
    ++i_;
    out_ += L'{' + std::to_wstring(*min);
    if (open) {
      out_ += L',';
    } else if (*max != *min) {
      out_ += L',' + std::to_wstring(*max);
    }
    out_ += L'}';
    return true;
  }

  std::optional<unsigned> number() {
    const std::size_t start = i_;
    unsigned value = 0;
    while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') {
      value = value * 10 + static_cast<unsigned>(p_[i_++] - '0');
      if (value > k_max_repeat) return std::nullopt;
    }
    if (i_ == start) return std::nullopt;
    return value;
  }

  // After a backslash: a single-character escape or \p{..} / \P{..}.
  bool escape(bool in_class) {
    ++i_;
    if (i_ >= p_.size()) return false;
    const wchar_t c = p_[i_];
    if (c == 'p' || c == 'P') return category(c == 'P', in_class);
    if (!is_single_char_escape(c)) return false;
    ++i_;
    out_ += L'\\';
    out_ += c;
    return true;
  }

  bool category(bool negated, bool in_class) {
    ++i_;
    if (!at('{')) return false;
    const std::size_t close = p_.find(L'}', i_);
    if (close == std::wstring_view::npos) return false;
    const std::wstring_view name = p_.substr(i_ + 1, close - i_ - 1);
    i_ = close + 1;
    if (!is_category(name)) return false;
    const std::wstring_view posix = posix_class_for(name);
    if (posix.empty() || (negated && in_class)) return false;  // unsupported, see iregexp.hpp
    uses_locale_ = true;
    const std::wstring cls = L"[:" + std::wstring(posix) + L":]";
    out_ += in_class ? cls : (negated ? L"[^" : L"[") + cls + L"]";
    return true;
  }

  // charClassExpr = "[" [ "^" ] ( "-" / CCE1 ) *CCE1 [ "-" ] "]"
  bool char_class() {
    ++i_;
    out_ += L'[';
    if (at('^')) {
      out_ += L'^';
      ++i_;
    }
    bool first = true;
    while (!at(']')) {
      if (i_ >= p_.size()) return false;
      if (at('-')) {
        // A bare "-" only first or last.
        if (!first && !(i_ + 1 < p_.size() && p_[i_ + 1] == ']')) return false;
        out_ += L"\\-";
        ++i_;
      } else if (!class_item()) {
        return false;
      }
      first = false;
    }
    if (first) return false;  // "[]" and "[^]" are not I-Regexps
    ++i_;
    out_ += L']';
    return true;
  }

  // CCE1 = ( CCchar [ "-" CCchar ] ) / charClassEsc
  bool class_item() {
    if (at('\\') && i_ + 1 < p_.size() && (p_[i_ + 1] == 'p' || p_[i_ + 1] == 'P')) return escape(true);
    const auto low = class_char();
    if (!low) return false;
    if (!at('-') || (i_ + 1 < p_.size() && p_[i_ + 1] == ']')) {
      emit_class_char(*low);
      return true;
    }
    ++i_;
    const auto high = class_char();
    if (!high || *high < *low) return false;
    emit_class_char(*low);
    out_ += L'-';
    emit_class_char(*high);
    return true;
  }

  // CCchar: any character but - [ \ ], or a single-character escape; yields its value.
  std::optional<wchar_t> class_char() {
    if (i_ >= p_.size()) return std::nullopt;
    wchar_t c = p_[i_++];
    if (c == '\\') {
      if (i_ >= p_.size() || !is_single_char_escape(p_[i_])) return std::nullopt;
      c = p_[i_++];
      return c == 'n' ? L'\n' : c == 'r' ? L'\r' : c == 't' ? L'\t' : c;
    }
    if (c == '-' || c == '[' || c == ']' || !is_scalar(c)) return std::nullopt;
    return c;
  }

  void emit_class_char(wchar_t c) {
    if (c == '\\' || c == ']' || c == '[' || c == '^' || c == '-') out_ += L'\\';
    if (c == '\n') {
      out_ += L"\\n";
    } else if (c == '\r') {
      out_ += L"\\r";
    } else {
      out_ += c;
    }
  }

  std::wstring_view p_;
  std::size_t i_ = 0;
  std::size_t depth_ = 0;
  std::wstring out_;
  bool uses_locale_ = false;
};

}  // namespace

std::optional<std::wstring> iregexp_to_ecmascript(std::wstring_view pattern) { return Translator(pattern).run(); }

std::optional<IRegexp> IRegexp::compile(std::string_view pattern) {
  const std::wstring wide = utf8_to_wide(pattern);
  Translator translator(wide);
  auto ecma = translator.run();
  if (!ecma) return std::nullopt;
  auto re = std::make_shared<std::wregex>();
  if (translator.uses_locale()) {
    const std::locale* locale = utf8_locale();
    if (!locale) return std::nullopt;
    re->imbue(*locale);
  }
  try {
    re->assign(*ecma, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
  return IRegexp(std::move(re));
}

bool IRegexp::full_match(std::string_view text) const { return run(text, true); }

bool IRegexp::partial_match(std::string_view text) const { return run(text, false); }

bool IRegexp::run(std::string_view text, bool whole) const {
  const std::wstring wide = utf8_to_wide(text);
  if (wide.size() > k_max_regex_input) return false;
  auto match = [&]() -> bool {
    try {
      return whole ? std::regex_match(wide, *re_) : std::regex_search(wide, *re_);
    } catch (const std::exception&) {  // regex_error (complexity) or bad_alloc: not matched
      return false;
    }
  };
  if (wide.size() <= k_inline_limit) return match();
  return run_on_large_stack((8u << 20) + wide.size() * k_stack_per_char, match);
}

}  // namespace sonde::flow
