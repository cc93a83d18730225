#include "core/replay/curl_form.hpp"

#include <array>

#include "core/util/header_field.hpp"

namespace sonde::replay {

namespace {

// One word of a -F value, the way curl's get_param_word reads it: a "quoted" word (with \" and
// \\ escapes; anything after the closing quote up to the next ';' is dropped), else everything up
// to the next ';'. `i` ends on the ';' or at the end.
std::string read_word(std::string_view text, std::size_t& i) {
  std::string word;
  if (i < text.size() && text[i] == '"') {
    std::size_t j = i + 1;
    std::string quoted;
    bool closed = false;
    for (; j < text.size(); ++j) {
      if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) {
        quoted += text[++j];
      } else if (text[j] == '"') {
        closed = true;
        break;
      } else {
        quoted += text[j];
      }
    }
    if (closed) {
      i = text.find(';', j);
      if (i == std::string_view::npos) i = text.size();
      return quoted;
    }
    // No closing quote: curl takes the text as written.
  }
  std::size_t end = text.find(';', i);
  if (end == std::string_view::npos) end = text.size();
  word = std::string(text.substr(i, end - i));
  i = end;
  return word;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string_view curl_mime_type_for(std::string_view filename) {
  struct Ext {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr std::array<Ext, 10> k_types{{{".gif", "image/gif"},
                                                {".jpg", "image/jpeg"},
                                                {".jpeg", "image/jpeg"},
                                                {".png", "image/png"},
                                                {".svg", "image/svg+xml"},
                                                {".txt", "text/plain"},
                                                {".htm", "text/html"},
                                                {".html", "text/html"},
                                                {".pdf", "application/pdf"},
                                                {".xml", "application/xml"}}};
  for (const auto& t : k_types) {
    if (filename.size() >= t.ext.size() && iequals(filename.substr(filename.size() - t.ext.size()), t.ext)) {
      return t.type;
    }
  }
  return {};
}

Result<MultipartPart> parse_curl_form(CurlState& s, const std::string& arg, bool literal, std::string_view option,
                                      const std::string& where) {
  auto eq = arg.find('=');
  if (eq == std::string::npos) {
    return fail(ErrorKind::invalid_input, std::string(option) + " '" + arg + "' has no '='", where,
                "write name=value, name=@file or name=<file");
  }
  MultipartPart part;
  part.name = arg.substr(0, eq);
  std::string_view rest = std::string_view(arg).substr(eq + 1);
  if (literal) {
    part.data = std::string(rest);
    return part;
  }
  const char kind = !rest.empty() && (rest[0] == '@' || rest[0] == '<') ? rest[0] : 0;
  std::size_t i = kind ? 1 : 0;
  std::string value = read_word(rest, i);
  std::optional<std::string> filename;
  while (i < rest.size()) {
    ++i;  // the ';'
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    std::string_view param = rest.substr(i);
    if (param.empty()) break;  // a trailing ';'
    auto take = [&](std::string_view key) {
      i += key.size();
      return read_word(rest, i);
    };
    if (param.starts_with("type=")) {
      part.content_type = take("type=");
    } else if (param.starts_with("filename=")) {
      filename = take("filename=");
    } else if (param.starts_with("headers=")) {
      std::string line = take("headers=");
      auto colon = line.find(':');
      if (colon == std::string::npos || line.starts_with("@")) {
        return fail(ErrorKind::invalid_input, std::string(option) + " headers= must be one 'Name: value'", where);
      }
      part.extra_headers.push_back({line.substr(0, colon), std::string(trim(std::string_view(line).substr(colon + 1)))});
    } else if (param.starts_with("encoder=")) {
      return fail(ErrorKind::invalid_input, std::string(option) + " ;encoder= is not supported", where);
    } else {
      std::string unknown = read_word(rest, i);
      s.warnings.push_back(std::string(option) + " '" + arg + "': parameter '" + unknown + "' ignored (curl drops it too)");
    }
  }
  // ;type= and ;headers= become part header lines: a CR or LF would add headers of its own.
  if (part.content_type) {
    if (auto ok = check_header_field("Content-Type", *part.content_type, ErrorKind::invalid_input, where); !ok) {
      return std::unexpected(ok.error());
    }
  }
  for (const auto& h : part.extra_headers) {
    if (auto ok = check_header_field(h.name, h.value, ErrorKind::invalid_input, where); !ok) return std::unexpected(ok.error());
  }
  if (kind == '@') {
    auto data = curl_read_source(s, value, option, where);
    if (!data) return std::unexpected(data.error());
    part.data = std::move(*data);
    part.filename = std::string(base_name(value));
    if (!part.content_type) {
      std::string_view guessed = curl_mime_type_for(value);
      part.content_type = std::string(guessed.empty() ? "application/octet-stream" : guessed);
    }
  } else if (kind == '<') {
    auto data = curl_read_source(s, value, option, where);
    if (!data) return std::unexpected(data.error());
    part.data = std::move(*data);
  } else {
    part.data = std::move(value);
    if (filename && !part.content_type) {
      std::string_view guessed = curl_mime_type_for(*filename);
      if (!guessed.empty()) part.content_type = std::string(guessed);
    }
  }
  if (filename) part.filename = filename;
  return part;
}

}  // namespace sonde::replay
