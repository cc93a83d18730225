// --format github: GitHub Actions workflow commands, one annotation per change in the revision file
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
#include "cli/render_diff.hpp"

namespace sonde::cli {

namespace {

// Workflow command data escapes %, CR and LF; property values also escape ':' and ','.
std::string escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_diff_github(const DiffRenderContext& ctx) {
  std::string out;
  for (const auto& c : ctx.report.changes) {
    const char* command = c.level == diff::Level::error ? "error" : c.level == diff::Level::warning ? "warning" : "notice";
    // source is "file:line:col"; the file itself may contain ':'.
    std::string file = c.source, line = "1", col = "1";
    auto last = file.rfind(':');
    auto mid = last == std::string::npos ? std::string::npos : file.rfind(':', last - 1);
    if (mid != std::string::npos) {
      col = file.substr(last + 1);
      line = file.substr(mid + 1, last - mid - 1);
      file = file.substr(0, mid);
    }
    out += std::string("::") + command + " file=" + escape(file, true) + ",line=" + line + ",col=" + col +
           ",title=" + escape(c.id, true) + "::" + escape(c.message, false) + "\n";
  }
  return out;
}

}  // namespace sonde::cli
