#pragma once
/// Errors as values. Every fallible core function returns Result<T>; only cli/main.cpp turns an
/// Error into stderr text and an exit code (see exit_code.hpp for the mapping).
#include <exception>
#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace sonde {

/// What kind of failure this is; each kind maps to one documented exit code.
enum class ErrorKind {
  usage,          ///< bad flags or arguments (exit 2)
  invalid_input,  ///< unreadable or malformed spec, request file, HAR, $ref (exit 3)
  runtime,        ///< network or runtime failure: cannot resolve, connect, TLS failure, timeout, deadline (exit 4)
  internal,       ///< a bug in sonde (exit 70)
};

/// One failure: what went wrong, where (file:line:col, a JSON pointer or host:port), and an
/// optional hint that tells the user what to try.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::string where;
  std::string hint;
};

template <class T>
using Result = std::expected<T, Error>;

/// Shorthand for returning an error: `return fail(ErrorKind::invalid_input, "bad", "a.yaml:3:1");`
inline std::unexpected<Error> fail(ErrorKind kind, std::string message, std::string where = {},
                                   std::string hint = {}) {
  return std::unexpected<Error>(Error{kind, std::move(message), std::move(where), std::move(hint)});
}

/// Carries an Error out of code too deep for a Result, for the one case that needs it: a shared
/// library loaded on first use turns out to be missing. cli/main.cpp catches it and reports the
/// Error like any other; nothing else throws it.
struct ErrorException : std::exception {
  explicit ErrorException(Error e) : error(std::move(e)) {}
  const char* what() const noexcept override { return error.message.c_str(); }
  Error error;
};

/// `where` kept to a line's worth: past 183 bytes, the first 120 and the last 60 (where
/// ":line:col" is) with "…" between. A path can be 100 KB; an error line should not.
std::string shorten_where(std::string_view where);

/// The one-line rendering used everywhere: "<message>: <where>" (or just the message), the
/// where shortened by shorten_where.
std::string describe(const Error& error);

}  // namespace sonde
