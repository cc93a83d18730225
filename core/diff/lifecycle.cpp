#include "core/diff/lifecycle.hpp"

#include <charconv>
#include <cstdio>

namespace sonde::diff {

namespace {

// Leading digits of `text` from `pos` as a number; false when there are none (or too many).
bool number_at(std::string_view text, std::size_t& pos, long& out) {
  auto begin = text.data() + pos, end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr == begin) return false;
  pos = static_cast<std::size_t>(ptr - text.data());
  return true;
}

struct SemVer {
  long major = 0;
  long minor = 0;
};

// "1", "1.2", "1.2.3" with an optional leading v; a pre-release or build suffix ("-rc.1",
// "+42") only after all three numbers, as semver writes it, so a date such as 2024-01-15 is not
// read as version 2024.
std::optional<SemVer> semver(std::string_view text) {
  std::size_t pos = !text.empty() && (text[0] == 'v' || text[0] == 'V') ? 1 : 0;
  long parts[3] = {0, 0, 0};
  int count = 0;
  while (count < 3) {
    if (!number_at(text, pos, parts[count])) return std::nullopt;
    ++count;
    if (pos >= text.size() || text[pos] != '.') break;
    ++pos;
  }
  if (pos < text.size() && !(count == 3 && (text[pos] == '-' || text[pos] == '+'))) return std::nullopt;
  return SemVer{parts[0], parts[1]};
}

}  // namespace

std::optional<std::chrono::year_month_day> sunset_date(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m = static_cast<unsigned>((text[5] - '0') * 10 + (text[6] - '0'));
  d = static_cast<unsigned>((text[8] - '0') * 10 + (text[9] - '0'));
  std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string date_text(std::chrono::year_month_day date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return buf;
}

int deprecation_window(const LifecyclePolicy& policy, std::string_view stability) {
  if (stability == "draft" || stability == "alpha") return 0;
  if (stability == "beta") return policy.deprecation_days_beta;
  return policy.deprecation_days_stable;
}

int stability_rank(std::string_view level) {
  if (level.empty() || level == "stable") return 3;
  if (level == "beta") return 2;
  if (level == "alpha") return 1;
  if (level == "draft") return 0;
  return -1;
}

int days_between(std::chrono::year_month_day from, std::chrono::year_month_day to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

std::optional<std::string> version_not_bumped(std::string_view base, std::string_view revision) {
  auto b = semver(base), r = semver(revision);
  const std::string change = "info.version " + std::string(base) + " → " + std::string(revision);
  if (b && r) {
    if (b->major == 0 && r->major == 0) {
      if (r->minor > b->minor) return std::nullopt;
      return change + ": a breaking change in 0.x needs a new minor version";
    }
    if (r->major > b->major) return std::nullopt;
    return change + ": a breaking change needs a new major version";
  }
  if (base != revision) return std::nullopt;  // not semantic versions: any new version will do
  return change + ": a breaking change needs a new version";
}

}  // namespace sonde::diff
