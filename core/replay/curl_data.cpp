#include "core/replay/curl_data.hpp"

#include <algorithm>

#include "core/util/file_read.hpp"

namespace sonde::replay {

Result<std::string> curl_read_source(CurlState& s, const std::string& name, std::string_view option,
                                     const std::string& where) {
  if (name != "-") {
    auto text = read_file(name);
    if (!text) {
      return fail(ErrorKind::invalid_input, "cannot read '" + name + "' for " + std::string(option) + " (" +
                                                text.error().message + ")", where);
    }
    return text;
  }
  if (!s.inputs || (!s.inputs->stdin_text && !s.inputs->read_stdin)) {
    return fail(ErrorKind::invalid_input, std::string(option) + " reads standard input, which is not available here",
                where, "save the data to a file and use @FILE");
  }
  if (s.inputs->stdin_consumed) return std::string();  // curl reads stdin once; a second "@-" finds its end
  s.inputs->stdin_consumed = true;
  if (!s.inputs->stdin_text) {
    auto text = s.inputs->read_stdin();
    if (!text) return std::unexpected(text.error());
    s.inputs->stdin_text = std::move(*text);
  }
  return *s.inputs->stdin_text;
}

std::string curl_form_escape(std::string_view text, bool lower_hex) {
  const char* digits = lower_hex ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

namespace {

// A data option's @file: curl warns about a file it cannot read and sends nothing from it
// (exit 0), where -F and -T fail. Stdin problems stay errors.
Result<std::optional<std::string>> read_data_file(CurlState& s, const std::string& name, std::string_view option,
                                                  const std::string& where) {
  auto text = curl_read_source(s, name, option, where);
  if (text) return std::optional<std::string>(std::move(*text));
  if (name == "-") return std::unexpected(text.error());
  s.warnings.push_back(text.error().message + "; sending nothing from it, as curl does");
  return std::optional<std::string>();
}

}  // namespace

Result<std::optional<std::string>> curl_urlencode_arg(CurlState& s, const std::string& arg, bool lower_hex,
                                                      std::string_view option, const std::string& where) {
  // curl's own split: the first '=' or, when there is none, the first '@' ends the name.
  std::size_t sep = arg.find('=');
  if (sep == std::string::npos) sep = arg.find('@');
  std::string name = sep == std::string::npos ? "" : arg.substr(0, sep);
  std::string content = sep == std::string::npos ? arg : arg.substr(sep + 1);
  if (sep != std::string::npos && arg[sep] == '@') {
    auto text = read_data_file(s, content, option, where);
    if (!text) return std::unexpected(text.error());
    if (!*text) return std::optional<std::string>();  // curl drops the whole piece, name included
    content = std::move(**text);
  }
  std::string encoded = curl_form_escape(content, lower_hex);
  return std::optional<std::string>(name.empty() ? encoded : name + "=" + encoded);
}

Result<std::string> curl_data_arg(CurlState& s, const std::string& arg, bool at_files, bool strip_newlines,
                                  std::string_view option, const std::string& where) {
  if (!at_files || !arg.starts_with("@")) return arg;
  auto text = read_data_file(s, arg.substr(1), option, where);
  if (!text) return std::unexpected(text.error());
  std::string data = text->value_or("");
  if (strip_newlines) std::erase_if(data, [](char c) { return c == '\r' || c == '\n'; });
  return data;
}

std::string append_query(const std::string& url, const std::string& query) {
  if (query.empty()) return url;
  auto hash = url.find('#');
  std::string base = url.substr(0, hash);
  std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  auto q = base.find('?');
  if (q == std::string::npos) base += "?";
  else if (q + 1 < base.size() && !base.ends_with("&")) base += "&";
  return base + query + fragment;
}

}  // namespace sonde::replay
