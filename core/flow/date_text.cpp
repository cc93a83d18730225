#include "core/flow/date_text.hpp"

#include <cstdio>
#include <ctime>
#include <regex>

namespace sonde::flow {

namespace {

std::optional<Value::Date> from_tm(std::tm tm, long long micros = 0) {
  std::time_t t = timegm(&tm);
  if (t == -1 && tm.tm_year != 69) return std::nullopt;
  return Value::Date(std::chrono::seconds(t)) + std::chrono::microseconds(micros);
}

std::optional<Value::Date> strptime_utc(const std::string& text, const char* format) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), format, &tm);
  if (!end || *end != '\0') return std::nullopt;
  return from_tm(tm);
}

}  // namespace

std::optional<Value::Date> parse_http_date(const std::string& text) {
  // RFC 9110 5.6.7 IMF-fixdate, and the "-" form cookies often use.
  for (const char* f : {"%a, %d %b %Y %H:%M:%S GMT", "%a, %d-%b-%Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT"}) {
    if (auto d = strptime_utc(text, f)) return d;
  }
  return std::nullopt;
}

std::optional<Value::Date> parse_certificate_date(const std::string& text) {
  // libcurl's OpenSSL backend: "Dec  4 04:00:00 2026 GMT" or "2026-12-04 04:00:00 GMT".
  for (const char* f : {"%b %d %H:%M:%S %Y GMT", "%Y-%m-%d %H:%M:%S GMT"}) {
    if (auto d = strptime_utc(text, f)) return d;
  }
  return std::nullopt;
}

std::optional<Value::Date> parse_date(const std::string& text, const std::string& format) {
  // Split the format at %.f (fraction) and %z, which strptime does not read the way Hurl does.
  std::tm tm{};
  long long micros = 0;
  long offset_s = 0;
  std::size_t ti = 0;
  for (std::size_t fi = 0; fi < format.size();) {
    if (format.compare(fi, 3, "%.f") == 0 || format.compare(fi, 2, "%f") == 0) {
      const bool dotted = format[fi + 1] == '.';
      if (dotted) {
        if (ti >= text.size() || text[ti] != '.') return std::nullopt;
        ++ti;
      }
      long long digits = 0, scale = 1;
      int n = 0;
      while (ti < text.size() && std::isdigit(static_cast<unsigned char>(text[ti]))) {
        if (n < 6) {
          digits = digits * 10 + (text[ti] - '0');
          scale *= 10;
        }
        ++n;
        ++ti;
      }
      if (n == 0) return std::nullopt;
      micros = digits * (1000000 / scale);
      fi += dotted ? 3 : 2;
      continue;
    }
    if (format.compare(fi, 2, "%z") == 0 || format.compare(fi, 3, "%:z") == 0) {
      fi += format[fi + 1] == ':' ? 3 : 2;
      if (ti < text.size() && (text[ti] == 'Z' || text[ti] == 'z')) {
        ++ti;
        continue;
      }
      if (ti + 5 > text.size() || (text[ti] != '+' && text[ti] != '-')) return std::nullopt;
      const int sign = text[ti] == '-' ? -1 : 1;
      std::size_t mm_at = ti + 3 + (text[ti + 3] == ':' ? 1 : 0);
      // Two digits each, read by hand: the text is a response's, and std::stol threw on "+ab:cd".
      auto two_digits = [&](std::size_t at) -> std::optional<long> {
        if (at + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[at])) ||
            !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
          return std::nullopt;
        }
        return (text[at] - '0') * 10 + (text[at + 1] - '0');
      };
      const auto hh = two_digits(ti + 1), mm = two_digits(mm_at);
      if (!hh || !mm) return std::nullopt;
      offset_s = sign * (*hh * 3600 + *mm * 60);
      ti = mm_at + 2;
      continue;
    }
    // The longest plain strptime piece up to the next special conversion.
    std::size_t next = format.size();
    for (const char* special : {"%.f", "%f", "%z", "%:z"}) {
      auto found = format.find(special, fi);
      if (found != std::string::npos) next = std::min(next, found);
    }
    const std::string piece = format.substr(fi, next - fi);
    const char* begin = text.c_str() + ti;
    const char* end = strptime(begin, piece.c_str(), &tm);
    if (!end) return std::nullopt;
    ti += static_cast<std::size_t>(end - begin);
    fi = next;
  }
  if (ti != text.size()) return std::nullopt;
  auto date = from_tm(tm, micros);
  if (!date) return std::nullopt;
  return *date - std::chrono::seconds(offset_s);
}

std::string format_date(const Value::Date& date, const std::string& format) {
  auto secs = std::chrono::floor<std::chrono::seconds>(date);
  const long long micros = (date - secs).count();
  std::time_t t = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::string out;
  for (std::size_t fi = 0; fi < format.size();) {
    if (format.compare(fi, 3, "%.f") == 0) {
      char frac[16];
      std::snprintf(frac, sizeof frac, ".%06lld", micros);
      out += frac;
      fi += 3;
      continue;
    }
    auto next = format.find("%.f", fi);
    const std::string piece = format.substr(fi, next == std::string::npos ? std::string::npos : next - fi);
    char buf[256];
    const std::size_t n = std::strftime(buf, sizeof buf, piece.c_str(), &tm);
    out.append(buf, n);
    fi = next == std::string::npos ? format.size() : next;
  }
  return out;
}

bool is_iso_date(const std::string& text) {
  static const std::regex iso(
      R"(^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?$)");
  return text.size() < 64 && std::regex_match(text, iso);
}

}  // namespace sonde::flow
