#include "core/timing/tls_info.hpp"

#include <array>
#include <cstdio>
#include <sstream>
#include "core/util/text.hpp"

namespace sonde::timing {

namespace {

std::string trim_copy(std::string_view s) { return std::string(sonde::trim(s)); }

constexpr std::array<const char*, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::vector<std::string> split_sans(const std::string& value) {
  std::vector<std::string> out;
  std::stringstream in(value);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (auto t = trim_copy(item); !t.empty()) out.push_back(t);
  }
  return out;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_openssl_date(const std::string& text) {
  char month[4] = {};
  int day = 0, hour = 0, minute = 0, second = 0, year = 0;
  if (std::sscanf(text.c_str(), "%3s %d %d:%d:%d %d", month, &day, &hour, &minute, &second, &year) != 6) {
    return std::nullopt;
  }
  unsigned m = 0;
  while (m < k_months.size() && std::string(k_months[m]) != month) ++m;
  if (m == k_months.size()) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{m + 1},
                                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

std::string iso8601(std::chrono::sys_seconds t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{t - days};
  char buf[96];  // room for any long the compiler imagines, so the format cannot truncate
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

CertInfo parse_cert_fields(const std::vector<std::string>& fields, std::chrono::system_clock::time_point now) {
  CertInfo cert;
  for (const auto& field : fields) {
    auto colon = field.find(':');
    if (colon == std::string::npos) continue;
    std::string name = field.substr(0, colon);
    std::string value = trim_copy(field.substr(colon + 1));
    if (name == "Subject") {
      cert.subject = value;
    } else if (name == "Issuer") {
      cert.issuer = value;
    } else if (name == "X509v3 Subject Alternative Name") {
      cert.sans = split_sans(value);
    } else if (name == "Start date") {
      if (auto t = parse_openssl_date(value)) cert.not_before = iso8601(*t);
    } else if (name == "Expire date") {
      if (auto t = parse_openssl_date(value)) {
        cert.not_after = iso8601(*t);
        cert.days_left = static_cast<long>(std::chrono::floor<std::chrono::days>(*t - now).count());
      }
    }
  }
  return cert;
}

void apply_tls_text_line(const std::string& raw, TlsInfo& tls) {
  const std::string line = trim_copy(raw);
  static const std::string k_using = "SSL connection using ";
  if (line.rfind(k_using, 0) == 0) {
    std::string rest = line.substr(k_using.size());
    auto slash = rest.find(" / ");
    tls.version = trim_copy(rest.substr(0, slash));
    tls.cipher = slash == std::string::npos ? "" : trim_copy(rest.substr(slash + 3));
    // OpenSSL 3 appends " / <group> / <signature>" on newer libcurl; keep the cipher only.
    if (auto more = tls.cipher.find(" / "); more != std::string::npos) tls.cipher.resize(more);
    return;
  }
  // libcurl 7.88 says "ALPN: server accepted h2"; older versions "ALPN, server accepted to use h2".
  for (const std::string prefix : {"ALPN: server accepted ", "ALPN, server accepted to use "}) {
    if (line.rfind(prefix, 0) == 0) {
      tls.alpn = trim_copy(line.substr(prefix.size()));
      return;
    }
  }
}

}  // namespace sonde::timing
