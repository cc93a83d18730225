#include "core/replay/variables.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <sstream>

#include "core/replay/datetime_format.hpp"
#include "core/replay/idempotency_key.hpp"
#include "core/replay/request.hpp"

namespace sonde::replay {

namespace {
constexpr int k_max_depth = 16;
// Variables that refer to each other ten times over, a few levels deep, expand to gigabytes;
// no real request needs more than this.
constexpr std::size_t k_max_expanded = 16u << 20;

std::vector<std::string> words(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A name as JetBrains, REST Client and httpyac write them; anything else inside {{ }} is an
// httpyac JavaScript expression.
bool plain_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string at(const std::string& where, int col) { return col > 0 ? where + ":" + std::to_string(col) : where; }

std::chrono::seconds local_offset(std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  return std::chrono::seconds(tm.tm_gmtoff);
}
}  // namespace

VariableScope::VariableScope(std::map<std::string, std::string> env, RandomSource& random,
                             std::chrono::system_clock::time_point now)
    : env_(std::move(env)), random_(random), now_(now) {
  utc_offset_ = local_offset(now);
}

void VariableScope::define(std::string name, std::string raw_value) { file_[std::move(name)] = std::move(raw_value); }

Result<std::string> VariableScope::substitute(std::string_view text, const std::string& where, int depth) {
  return expand(text, where, 0, depth);
}

Result<std::string> VariableScope::substitute_at(std::string_view text, const std::string& file_line, int col) {
  return expand(text, file_line, col, 0);
}

Result<std::string> VariableScope::expand(std::string_view text, const std::string& where, int col, int depth) {
  if (depth > k_max_depth) return fail(ErrorKind::invalid_input, "variables refer to each other in a cycle", where);
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("{{", pos);
    // httpyac: \{\{name\}\} is the literal text {{name}}.
    std::size_t escaped = text.find("\\{\\{", pos);
    if (escaped != std::string_view::npos && escaped < open) {
      std::size_t end = text.find("\\}\\}", escaped + 4);
      if (end != std::string_view::npos) {
        out.append(text.substr(pos, escaped - pos));
        out += "{{";
        out.append(text.substr(escaped + 4, end - escaped - 4));
        out += "}}";
        pos = end + 4;
        continue;
      }
    }
    if (open == std::string_view::npos) break;
    const std::string here = at(where, col > 0 ? col + static_cast<int>(open) : 0);
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return fail(ErrorKind::invalid_input, "'{{' without a closing '}}'", here,
                  "a '{{' line alone opens an httpyac script block, which sonde does not run");
    }
    out.append(text.substr(pos, open - pos));
    auto value = lookup(trim(text.substr(open + 2, close - open - 2)), here, depth);
    if (!value) return value;
    if (out.size() + value->size() > k_max_expanded) {
      return fail(ErrorKind::invalid_input, "variables expand to more than 16 MiB", here,
                  "a variable probably refers to another many times over");
    }
    out += *value;
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

Result<std::string> VariableScope::lookup(std::string_view expression, const std::string& where, int depth) {
  if (expression.starts_with("$")) {
    std::string key(expression);
    if (auto it = dynamic_.find(key); it != dynamic_.end()) return it->second;
    auto value = dynamic(expression, where, depth);
    if (value) dynamic_[key] = *value;
    return value;
  }
  std::string name(expression);
  if (auto it = file_.find(name); it != file_.end()) return expand(it->second, where, 0, depth + 1);
  if (auto it = env_.find(name); it != env_.end()) return expand(it->second, where, 0, depth + 1);
  if (auto it = dotenv_.find(name); it != dotenv_.end()) return it->second;
  if (!plain_name(name)) {
    return fail(ErrorKind::invalid_input, "'{{" + name + "}}' is a script expression; sonde does not run scripts", where,
                "replace it with a variable ('@name = value') or a dynamic variable such as {{$uuid}}");
  }
  return fail(ErrorKind::invalid_input, "undefined variable '" + name + "'", where,
              "define it with '@" + name + " = value', in http-client.env.json (pick the environment with --env) "
              "or in a .env file");
}

Result<std::string> VariableScope::dynamic(std::string_view expression, const std::string& where, int depth) {
  auto w = words(expression);
  const std::string& name = w.at(0);
  const std::string_view args = trim(expression.substr(std::min(expression.size(), name.size())));
  if (name == "$uuid" || name == "$guid" || name == "$random.uuid") return uuid_v4(random_);
  if (name == "$timestamp" && w.size() == 1) return std::to_string(std::chrono::system_clock::to_time_t(now_));
  if (name == "$timestamp") {
    // REST Client: {{$timestamp -1 d}}; the offset moves the clock, the output stays Unix seconds.
    auto shifted = format_datetime("'X' " + std::string(args), now_, std::chrono::seconds(0), where);
    return shifted;
  }
  if (name == "$isoTimestamp") {
    std::time_t t = std::chrono::system_clock::to_time_t(now_);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf);
  }
  if (name == "$datetime") return format_datetime(args, now_, std::chrono::seconds(0), where);
  if (name == "$localDatetime") return format_datetime(args, now_, utc_offset_, where);
  if (name.starts_with("$random.integer(") && expression.ends_with(")")) {
    // JetBrains: {{$random.integer(from, to)}}, `to` exclusive; rewritten to the VS Code form.
    std::string rest(expression.substr(16, expression.size() - 17));
    std::replace(rest.begin(), rest.end(), ',', ' ');
    return dynamic("$randomInt " + rest, where, depth);
  }
  if (name == "$randomInt") {
    // VS Code REST Client: {{$randomInt min max}}, max exclusive; JetBrains' bare form is 0..1000.
    long lo = 0, hi = 1000;
    if (w.size() == 3) {
      char* end1 = nullptr;
      char* end2 = nullptr;
      lo = std::strtol(w[1].c_str(), &end1, 10);
      hi = std::strtol(w[2].c_str(), &end2, 10);
      if (*end1 || *end2 || hi <= lo) {
        return fail(ErrorKind::invalid_input, "'{{$randomInt MIN MAX}}' needs two integers with MIN < MAX", where);
      }
    } else if (w.size() != 1) {
      return fail(ErrorKind::invalid_input, "'{{$randomInt}}' takes no arguments or MIN MAX", where);
    }
    auto span = static_cast<double>(hi - lo);
    return std::to_string(lo + static_cast<long>(random_.unit() * span));
  }
  if (name == "$processEnv" && w.size() == 2) {
    // REST Client: `%NAME` names a file variable whose value is the environment variable's name.
    std::string var = w[1];
    if (var.starts_with("%")) {
      auto indirect = lookup(var.substr(1), where, depth + 1);  // depth carries on: %a -> {{a}} loops
      if (!indirect) return indirect;
      var = *indirect;
    }
    const char* value = std::getenv(var.c_str());
    if (!value) return fail(ErrorKind::invalid_input, "environment variable '" + var + "' is not set", where);
    return std::string(value);
  }
  if (name == "$dotenv" && w.size() == 2) {
    auto it = dotenv_.find(w[1]);
    if (it == dotenv_.end()) {
      return fail(ErrorKind::invalid_input, "'" + w[1] + "' is not defined in a .env file", where,
                  "sonde reads .env next to the .http file and in the folders above it, up to the repository root");
    }
    return it->second;
  }
  return fail(ErrorKind::invalid_input, "unknown dynamic variable '" + std::string(expression) + "'", where,
              "known: $uuid, $guid, $timestamp, $isoTimestamp, $datetime, $localDatetime, $randomInt [MIN MAX], "
              "$random.integer(MIN, MAX), $processEnv NAME, $dotenv NAME");
}

}  // namespace sonde::replay
