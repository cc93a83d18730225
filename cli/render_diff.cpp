// The --format table of `sonde diff`: adding a format is one renderer file and one line here.
#include <array>

#include "cli/render_diff.hpp"

namespace sonde::cli {

namespace {
constexpr std::array k_formats{
    DiffFormat{"text", render_diff_text},         DiffFormat{"json", render_diff_json},
    DiffFormat{"yaml", render_diff_yaml},         DiffFormat{"markdown", render_diff_markdown},
    DiffFormat{"junit", render_diff_junit},       DiffFormat{"github", render_diff_github},
};
}  // namespace

std::span<const DiffFormat> diff_formats() { return k_formats; }

std::string fail_on_name(std::optional<diff::Level> fail_on) {
  return fail_on ? std::string(diff::level_name(*fail_on)) : "never";
}

}  // namespace sonde::cli
