#pragma once
/// Quoting for the curl command lines sonde prints (--print-curl, -v, reports), so that any
/// request can be pasted into a POSIX shell and sent again by hand.
#include <string>
#include <string_view>

namespace sonde {

/// One word for a POSIX shell: bare when safe, '...' otherwise, $'...' when it holds control bytes.
std::string shell_quote(std::string_view word);

}  // namespace sonde
