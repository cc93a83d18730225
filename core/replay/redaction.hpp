#pragma once
/// Masks secret header values in every output and log: Authorization, Proxy-Authorization,
/// Cookie, Set-Cookie, X-API-Key, plus any header named with --redact.
#include <string>
#include <string_view>
#include <vector>

namespace sonde::replay {

class Redactor {
 public:
  explicit Redactor(std::vector<std::string> extra_names = {});
  /// True when the value of header `name` must not be shown.
  bool is_secret(std::string_view name) const;
  /// The value as it may be shown: "***" for a secret ("Bearer ***" keeps the auth scheme).
  std::string shown(std::string_view name, std::string_view value) const;

 private:
  std::vector<std::string> names_;
};

}  // namespace sonde::replay
