#include "cli/replay_input.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/replay/curl_command_reader.hpp"
#include "core/replay/har_reader.hpp"
#include "core/replay/http_sender.hpp"
#include "core/replay/http_file_reader.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/header_field.hpp"

namespace sonde::cli {

namespace {

using replay::ReadResult;
using replay::Request;

bool looks_like_file(const std::string& target) {
  if (target.find("://") != std::string::npos) return false;
  std::error_code ec;
  return target.ends_with(".http") || target.ends_with(".rest") || std::filesystem::is_regular_file(target, ec);
}

// curl's `@-` and `-T -`: all of standard input, bounded like any file sonde reads.
Result<std::string> read_stdin() {
  std::string text;
  char buffer[65536];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, stdin)) {
    text.append(buffer, n);
    if (text.size() > k_read_limit) return std::unexpected(too_large("standard input", k_read_limit));
  }
  if (std::ferror(stdin)) return fail(ErrorKind::runtime, "cannot read standard input", "--curl");
  return text;
}

Result<ReadResult> from_flags(const ReplayArgs& args) {
  const std::string& url = args.target;
  if (url.find("://") == std::string::npos) {
    return fail(ErrorKind::usage, "not a URL or a readable .http file", url,
                "give a URL with its scheme (http://...) or an existing .http file");
  }
  Request r;
  r.url = url;
  r.name = "request";
  r.origin = "command line";
  for (const auto& d : args.data) {
    std::string piece = d;
    if (d.starts_with("@")) {
      // Like curl -d @file: the file's content with carriage returns and newlines removed.
      auto text = read_file(d.substr(1));
      if (!text) return std::unexpected(text.error());
      piece = *text;
      std::erase_if(piece, [](char c) { return c == '\r' || c == '\n'; });
    }
    r.body += (r.body.empty() ? "" : "&") + piece;
  }
  r.method = !args.method.empty() ? args.method : args.data.empty() ? "GET" : "POST";
  // Like curl -d: a form body unless the caller says otherwise (-H is applied after this).
  if (!args.data.empty()) r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  return ReadResult{{std::move(r)}, {}};
}

Result<ReadResult> read_source(const ReplayArgs& args, replay::RandomSource& random) {
  int sources = (args.target.empty() ? 0 : 1) + (args.curl.empty() ? 0 : 1) + (args.har.empty() ? 0 : 1);
  if (sources != 1) {
    return fail(ErrorKind::usage, sources == 0 ? "nothing to replay" : "give only one request source",
                {}, "use FILE.http, URL, --curl \"curl ...\" or --har FILE");
  }
  const bool file = !args.target.empty() && looks_like_file(args.target);
  if ((!args.method.empty() || !args.data.empty()) && (file || !args.curl.empty() || !args.har.empty())) {
    return fail(ErrorKind::usage, "-X and -d apply only to a URL given on the command line");
  }
  if (!args.filter.empty() && args.har.empty()) return fail(ErrorKind::usage, "--filter applies only to --har");
  if (!args.curl.empty()) {
    // $NAME in a pasted command means what it means in the shell it was pasted from.
    auto environment = [](const std::string& name) -> std::optional<std::string> {
      const char* value = std::getenv(name.c_str());
      return value ? std::optional<std::string>(value) : std::nullopt;
    };
    replay::CurlInputs inputs;
    inputs.read_stdin = read_stdin;
    inputs.environment = environment;
    return replay::parse_curl_command(args.curl, "--curl", &inputs);
  }
  if (!args.har.empty()) return replay::read_har_file(args.har, args.filter);
  if (file) return replay::read_http_file(args.target, args.env, random, std::chrono::system_clock::now(), args.name);
  return from_flags(args);
}

Result<void> apply_header_flags(const ReplayArgs& args, std::vector<Request>& requests) {
  for (const auto& h : args.headers) {
    auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0) return fail(ErrorKind::usage, "-H needs 'Name: value'", h);
    if (auto ok = check_header_line(h, ErrorKind::usage, "-H"); !ok) return ok;
    std::string name = h.substr(0, colon);
    std::string value(replay::trim(std::string_view(h).substr(colon + 1)));
    for (auto& r : requests) {
      if (value.empty()) replay::remove_header(r.headers, name);
      else replay::set_header(r.headers, name, value);
    }
  }
  return {};
}

}  // namespace

Result<replay::ReadResult> load_requests(const ReplayArgs& args, replay::RandomSource& random) {
  if (!args.env.empty() && (args.target.empty() || !looks_like_file(args.target))) {
    return fail(ErrorKind::usage, "--env applies only to a .http file");
  }
  auto result = read_source(args, random);
  if (!result) return result;
  if (!args.name.empty()) {
    std::erase_if(result->requests, [&](const Request& r) { return r.name != args.name; });
    if (result->requests.empty()) return fail(ErrorKind::usage, "no request named '" + args.name + "'");
  }
  if (auto applied = apply_header_flags(args, result->requests); !applied) return std::unexpected(applied.error());
  for (const auto& r : result->requests) {
    // Flags are usage errors (exit 2); anything read from a file or a pasted command is input (3).
    const ErrorKind kind = r.origin == "command line" ? ErrorKind::usage : ErrorKind::invalid_input;
    if (auto valid = replay::check_fields(r, kind); !valid) return std::unexpected(valid.error());
    if (auto valid = replay::check_url(r); !valid) return std::unexpected(valid.error());
  }
  const replay::KeySetting key = to_key_setting(args);
  if (key.mode == replay::KeyMode::literal && result->requests.size() > 1) {
    // One key names one logical request; a server must answer the second request with 422.
    return fail(ErrorKind::usage, "a literal --idempotency-key names one request, but " +
                                      std::to_string(result->requests.size()) + " were loaded",
                args.idempotency_key, "select one with --name, or use --idempotency-key auto");
  }
  for (auto& r : result->requests) replay::apply_idempotency_key(r, key, random);
  return result;
}

}  // namespace sonde::cli
