#pragma once
/// Multi-line quoted YAML scalars decoded from their source text per YAML 1.2 section 7.3 (flow
/// line folding: a line break becomes a space, each empty line a "\n"; trailing white space before
/// a break is dropped; an escaped break joins the lines). yaml-cpp folds empty lines at the end
/// of such a scalar into one newline ("B\n\n" read as "B\n"), so a YAML description would differ
/// from its JSON twin; the converter asks this reader instead for every multi-line quoted scalar.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sonde::openapi {

struct QuotedScalar {
  std::string value;
  bool multi_line = false;  ///< the source spans more than one line
};

/// The single- or double-quoted scalar whose opening quote is at `text[pos]`; nullopt when there
/// is no quoted scalar there, it is not closed, or it holds an invalid escape.
std::optional<QuotedScalar> decode_quoted_scalar(std::string_view text, std::size_t pos);

}  // namespace sonde::openapi
