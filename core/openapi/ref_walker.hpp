#pragma once
/// Finds every `$ref` of a description (loading the files they name) and checks that each one
/// resolves. Values that are data, not description, are skipped: example, examples (except the
/// references of an examples map), default, enum, const and x- extensions.
#include "core/openapi/document.hpp"

namespace sonde::openapi {

class RefWalker {
 public:
  explicit RefWalker(Document& doc) : doc_(doc) {}
  /// Walks file 0 and every file reached from it; fails on the first problem unless lenient.
  Result<void> run();

 private:
  enum class Mode { schema, names, example_entries, example };
  Result<void> walk(const nlohmann::json& value, int file, Mode mode);
  Result<void> check(const std::string& ref, int file);
  Result<int> load_file(int from_file, const std::string& file_part);
  std::string pointer() const;

  Document& doc_;
  std::vector<std::string_view> path_;
  std::vector<Error> dangling_;
};

}  // namespace sonde::openapi
