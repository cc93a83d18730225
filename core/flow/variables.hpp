#pragma once
/// The variables of one file's run: from --variable, --variables-file, HURL_/SONDE_ environment
/// variables, --secret (redacted everywhere) and captures. Renders `{{name}}` templates.
#include <map>
#include <string>
#include <vector>

#include "core/flow/value.hpp"
#include "core/hurl/ast.hpp"
#include "core/util/error.hpp"

namespace sonde::flow {

class Variables {
 public:
  void set(const std::string& name, Value value, bool secret = false);
  const Value* find(const std::string& name) const;
  /// The text of `t` with every placeholder filled (`{{newUuid}}` and `{{newDate}}` too); an
  /// undefined variable is an invalid_input error at `file:line:col` of the template.
  Result<std::string> render(const hurl::Template& t, const std::string& file) const;
  /// `text` with every secret's value replaced by ***.
  std::string redact(std::string text) const;
  bool has_secrets() const { return !secrets_.empty(); }

 private:
  std::map<std::string, Value> values_;
  std::vector<std::string> secrets_;
};

/// Parses a --variable value: true/false, null, integers and floats become typed values
/// (as Hurl does); anything else is a string.
Value typed_variable(const std::string& text);

}  // namespace sonde::flow
