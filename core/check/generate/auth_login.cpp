#include "core/check/generate/auth_login.hpp"

#include <nlohmann/json.hpp>

#include "core/util/file_read.hpp"
#include "core/util/json_depth.hpp"

namespace sonde::check::generate {

namespace {

constexpr std::size_t k_max_login_body = 1 << 20;

std::string_view next_word(std::string_view& rest) {
  auto start = rest.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(start);
  auto end = rest.find(' ');
  auto word = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  return word;
}

}  // namespace

Result<LoginSpec> parse_login(std::string_view text) {
  auto usage = [&](const std::string& what) {
    return fail(ErrorKind::usage, "--auth-login: " + what, {}, "e.g. --auth-login 'POST /login body=@creds.json token=$.access_token'");
  };
  LoginSpec spec;
  std::string_view rest = text;
  spec.method = std::string(next_word(rest));
  spec.path = std::string(next_word(rest));
  if (spec.method.empty() || spec.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    return usage("expected a method in capitals first, got \"" + spec.method + "\"");
  }
  if (!spec.path.starts_with("/")) return usage("expected a path starting with / after the method, got \"" + spec.path + "\"");
  std::string token = "$.access_token";
  for (auto word = next_word(rest); !word.empty(); word = next_word(rest)) {
    if (word.starts_with("body=@")) {
      std::string file(word.substr(6));
      auto content = read_file(file, k_max_login_body);
      if (!content) return std::unexpected(content.error());
      spec.body = std::move(*content);
    } else if (word.starts_with("body=")) {
      spec.body = std::string(word.substr(5));
    } else if (word.starts_with("token=")) {
      token = std::string(word.substr(6));
    } else {
      return usage("unknown part \"" + std::string(word) + "\" (expected body=... or token=...)");
    }
  }
  if (!spec.body.empty() && !nlohmann::json::accept(spec.body)) return usage("the body is not JSON");
  auto path = flow::JsonPath::parse(token);
  if (!path) return usage(path.error().message);
  spec.token = std::move(*path);
  return spec;
}

TokenSource::TokenSource(LoginSpec spec, std::string base_url, std::vector<std::string> headers, double max_time_s)
    : spec_(std::move(spec)), base_url_(std::move(base_url)), headers_(std::move(headers)), max_time_s_(max_time_s) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> TokenSource::fetch() {
  LiveRequest request{spec_.method, base_url_ + spec_.path, headers_, spec_.body, max_time_s_};
  if (!spec_.body.empty()) request.headers.push_back("Content-Type: application/json");
  auto answer = send_live(request);
  if (!answer) return std::unexpected(answer.error());
  std::string where = spec_.method + " " + request.url;
  if (answer->status < 200 || answer->status >= 300) {
    return fail(ErrorKind::runtime, "--auth-login: the login answered " + std::to_string(answer->status), where);
  }
  auto body = json_nesting_exceeds(answer->body.view()) ? nlohmann::json(nlohmann::json::value_t::discarded)
                                                        : nlohmann::json::parse(answer->body.view(), nullptr, false);
  if (body.is_discarded()) return fail(ErrorKind::runtime, "--auth-login: the login's answer is not JSON", where);
  auto found = spec_.token->select(body);
  if (found.empty() || !found.front()->is_string() || found.front()->get<std::string>().empty()) {
    return fail(ErrorKind::runtime, "--auth-login: no token string at " + spec_.token->text() + " in the login's answer", where);
  }
  std::string token = found.front()->get<std::string>();
  if (token.find_first_of("\r\n") != std::string::npos) {
    return fail(ErrorKind::runtime, "--auth-login: the token holds a line break", where);
  }
  ++logins_;
  return token;
}

Result<std::string> TokenSource::login() {
  std::lock_guard lock(mutex_);
  auto token = fetch();
  if (token) token_ = *token;
  return token;
}

Result<std::string> TokenSource::refresh(const std::string& stale) {
  std::lock_guard lock(mutex_);
  if (token_ != stale) return token_;  // another worker logged in meanwhile
  auto token = fetch();
  if (token) token_ = *token;
  return token;
}

std::string TokenSource::current() const {
  std::lock_guard lock(mutex_);
  return token_;
}

std::size_t TokenSource::logins() const {
  std::lock_guard lock(mutex_);
  return logins_;
}

}  // namespace sonde::check::generate
