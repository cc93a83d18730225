#include "core/dns/record_text.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <ctime>
#include <sstream>

#include "core/dns/query_builder.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/util/base64.hpp"

namespace sonde::dns {

namespace {

struct Line {
  int number = 0;
  std::vector<std::string> tokens;
};

// Joins parenthesised continuations and drops comments: one Line per record.
std::vector<Line> logical_lines(std::string_view text) {
  std::vector<Line> out;
  Line current;
  int depth = 0, number = 0;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t eol = std::min(text.find('\n', at), text.size());
    std::string_view raw = text.substr(at, eol - at);
    ++number;
    if (auto semi = raw.find(';'); semi != std::string_view::npos) raw = raw.substr(0, semi);
    if (depth == 0) current = Line{number, {}};
    std::string token;
    auto flush = [&] {
      if (!token.empty()) current.tokens.push_back(std::move(token));
      token.clear();
    };
    for (char c : raw) {
      if (c == '(' || c == ')') {
        flush();
        depth += c == '(' ? 1 : -1;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        flush();
      } else {
        token += c;
      }
    }
    flush();
    if (depth <= 0) {
      depth = 0;
      if (!current.tokens.empty()) out.push_back(std::move(current));
      current = Line{};
    }
    at = eol + 1;
  }
  if (!current.tokens.empty()) out.push_back(std::move(current));
  return out;
}

template <class T>
bool number(const std::string& s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

void append16(std::vector<std::uint8_t>& b, std::uint32_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  append16(b, v >> 16);
  append16(b, v & 0xFFFF);
}

std::optional<std::vector<std::uint8_t>> from_hex(const std::string& s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data() + i, s.data() + i + 2, v, 16);
    if (ec != std::errc() || p != s.data() + i + 2) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

// RRSIG times: YYYYMMDDHHmmSS (UTC) or plain seconds (RFC 4034 §3.2).
std::optional<std::uint32_t> rrsig_time(const std::string& s) {
  if (s.size() == 14) {
    std::tm tm{};
    int fields[6];
    const int widths[6] = {4, 2, 2, 2, 2, 2};
    std::size_t at = 0;
    for (int i = 0; i < 6; ++i) {
      if (!number(s.substr(at, static_cast<std::size_t>(widths[i])), fields[i])) return std::nullopt;
      at += static_cast<std::size_t>(widths[i]);
    }
    tm.tm_year = fields[0] - 1900;
    tm.tm_mon = fields[1] - 1;
    tm.tm_mday = fields[2];
    tm.tm_hour = fields[3];
    tm.tm_min = fields[4];
    tm.tm_sec = fields[5];
    return static_cast<std::uint32_t>(::timegm(&tm));
  }
  std::uint32_t v = 0;
  if (number(s, v)) return v;
  return std::nullopt;
}

Result<void> append_name(std::vector<std::uint8_t>& out, const std::string& name, bool lower) {
  auto wire = encode_name(name);
  if (!wire) return std::unexpected(wire.error());
  for (auto c : *wire) {
    if (lower && c >= 'A' && c <= 'Z') c = static_cast<std::uint8_t>(c + ('a' - 'A'));
    out.push_back(c);
  }
  return {};
}

// The RDATA tokens of one type, in canonical wire form; an error text otherwise.
std::string encode_rdata(std::uint16_t type, const std::vector<std::string>& t, std::vector<std::uint8_t>& out) {
  auto need = [&](std::size_t n) { return t.size() >= n; };
  auto joined = [&](std::size_t from) {
    std::string s;
    for (std::size_t i = from; i < t.size(); ++i) s += t[i];
    return s;
  };
  switch (type) {
    case 1:
    case 28: {
      if (t.size() != 1) return "one address expected";
      unsigned char buf[16];
      if (::inet_pton(type == 1 ? AF_INET : AF_INET6, t[0].c_str(), buf) != 1) return "bad address " + t[0];
      out.assign(buf, buf + (type == 1 ? 4 : 16));
      return {};
    }
    case 2: case 5: case 12: case 39:
      if (t.size() != 1) return "one name expected";
      if (!append_name(out, t[0], true)) return "bad name " + t[0];
      return {};
    case 43: case 59: {  // DS, CDS: tag algorithm digest-type hex
      std::uint16_t tag = 0;
      std::uint8_t alg = 0, dt = 0;
      if (!need(4) || !number(t[0], tag) || !number(t[1], alg) || !number(t[2], dt)) return "DS needs: key-tag algorithm digest-type digest";
      auto digest = from_hex(joined(3));
      if (!digest) return "DS digest is not hexadecimal";
      append16(out, tag);
      out.push_back(alg);
      out.push_back(dt);
      out.insert(out.end(), digest->begin(), digest->end());
      return {};
    }
    case 48: case 60: {  // DNSKEY, CDNSKEY: flags protocol algorithm base64
      std::uint16_t flags = 0;
      std::uint8_t protocol = 0, alg = 0;
      if (!need(4) || !number(t[0], flags) || !number(t[1], protocol) || !number(t[2], alg)) return "DNSKEY needs: flags protocol algorithm key";
      auto key = base64_decode(joined(3));
      if (!key) return "DNSKEY key is not base64";
      append16(out, flags);
      out.push_back(protocol);
      out.push_back(alg);
      out.insert(out.end(), key->begin(), key->end());
      return {};
    }
    case 46: {  // RRSIG: covered alg labels ttl expiration inception tag signer signature
      auto covered = rdata::type_code(need(1) ? t[0] : "");
      std::uint8_t alg = 0, labels = 0;
      std::uint32_t ttl = 0;
      std::uint16_t tag = 0;
      if (!need(9) || !covered || !number(t[1], alg) || !number(t[2], labels) || !number(t[3], ttl) || !number(t[6], tag)) {
        return "RRSIG needs: type algorithm labels ttl expiration inception key-tag signer signature";
      }
      auto expiration = rrsig_time(t[4]);
      auto inception = rrsig_time(t[5]);
      if (!expiration || !inception) return "RRSIG times must be YYYYMMDDHHmmSS";
      auto signature = base64_decode(joined(8));
      if (!signature) return "RRSIG signature is not base64";
      append16(out, *covered);
      out.push_back(alg);
      out.push_back(labels);
      put32(out, ttl);
      put32(out, *expiration);
      put32(out, *inception);
      append16(out, tag);
      if (!append_name(out, t[7], true)) return "bad signer name " + t[7];
      out.insert(out.end(), signature->begin(), signature->end());
      return {};
    }
    default: return "record type " + rdata::type_name(type) + " is not read from text";
  }
}

}  // namespace

Result<std::vector<Record>> parse_records_text(std::string_view text, const std::string& file,
                                               std::vector<std::size_t>* lines) {
  std::vector<Record> out;
  for (const auto& line : logical_lines(text)) {
    const std::string where = file + ":" + std::to_string(line.number);
    const auto& t = line.tokens;
    Record rr;
    rr.name = t[0];
    if (rr.name.back() != '.') {
      return fail(ErrorKind::invalid_input, "owner name must be fully qualified (end with '.')", where);
    }
    std::size_t at = 1;
    bool have_type = false;
    for (; at < t.size() && !have_type; ++at) {
      std::uint32_t ttl = 0;
      if (number(t[at], ttl)) {
        rr.ttl = ttl;
      } else if (t[at] == "IN" || t[at] == "in") {
        rr.klass = 1;
      } else if (auto code = rdata::type_code(t[at])) {
        rr.type = *code;
        have_type = true;
      } else {
        return fail(ErrorKind::invalid_input, "unknown record type '" + t[at] + "'", where);
      }
    }
    if (!have_type) return fail(ErrorKind::invalid_input, "no record type", where);
    std::vector<std::string> fields(t.begin() + static_cast<std::ptrdiff_t>(at), t.end());
    if (auto why = encode_rdata(rr.type, fields, rr.rdata); !why.empty()) {
      return fail(ErrorKind::invalid_input, why, where);
    }
    std::string data;
    for (const auto& f : fields) data += (data.empty() ? "" : " ") + f;
    rr.data = std::move(data);
    if (!encode_name(rr.name)) return fail(ErrorKind::invalid_input, "bad owner name '" + rr.name + "'", where);
    out.push_back(std::move(rr));
    if (lines) lines->push_back(static_cast<std::size_t>(line.number));
  }
  return out;
}

}  // namespace sonde::dns
