// Runs JSON-Schema-Test-Suite files through sonde's validator and prints one JSON line per test:
//   {"file", "ci", "ti" (indices), "case", "test", "expected", "got" (null: the schema did not compile), "error", "streamed"}
// "streamed" is the verdict of validate_body (the streaming path) next to validate() on a whole
// tape; bench/jsonschema-suite/run aggregates the lines.
//
// usage: sonde_jsts_runner --dialect 2020-12|draft4 [--remotes DIR] [--remote FILE]... FILE...
//   --remotes DIR  serve the suite's remotes/ folder as http://localhost:1234/<path> from memory
//   --remote FILE  also index FILE under its own $id (a metaschema)
// Without them a reference to any other document fails with "remote $ref not fetched".
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check/schema_compiler.hpp"
#include "core/check/schema_index.hpp"
#include "core/check/validator.hpp"

namespace {

using nlohmann::json;
using namespace sonde::check;

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

struct Remotes {
  std::vector<std::pair<std::string, std::unique_ptr<json>>> documents;  // uri, document
};

void add_remotes(Remotes& remotes, const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string rel = std::filesystem::relative(entry.path(), dir).generic_string();
    remotes.documents.emplace_back("http://localhost:1234/" + rel, std::make_unique<json>(read_json(entry.path())));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Dialect dialect = Dialect::oas31;
  Remotes remotes;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--dialect" && i + 1 < argc) {
      dialect = std::string(argv[++i]) == "draft4" ? Dialect::oas30 : Dialect::oas31;
    } else if (arg == "--remotes" && i + 1 < argc) {
      add_remotes(remotes, argv[++i]);
    } else if (arg == "--remote" && i + 1 < argc) {
      auto doc = std::make_unique<json>(read_json(argv[++i]));
      std::string id = doc->value("$id", doc->value("id", std::string()));  // draft 4 says "id"
      remotes.documents.emplace_back(id.substr(0, id.find('#')), std::move(doc));
    } else {
      files.push_back(arg);
    }
  }
  for (const auto& file : files) {
    json cases = read_json(file);
    std::string name = std::filesystem::path(file).filename().string();
    for (std::size_t ci = 0; ci < cases.size(); ++ci) {
      const json& c = cases[ci];
      SchemaIndex index;
      index.add(c["schema"], "");
      for (const auto& [uri, doc] : remotes.documents) index.add(*doc, uri);
      SchemaCompiler compiler(dialect, index.resolver());
      compiler.use_index(index);
      auto root = compiler.compile(c["schema"], "#");
      // A custom metaschema decides the vocabularies in use: without its document, the case cannot
      // be judged (sonde knows the standard metaschemas' vocabularies without fetching them).
      std::string meta = c["schema"].is_object() ? c["schema"].value("$schema", std::string()) : "";
      meta = meta.substr(0, meta.find('#'));
      bool standard = meta.empty() || meta == "https://json-schema.org/draft/2020-12/schema" ||
                      meta == "http://json-schema.org/draft-04/schema";
      bool meta_known = standard || std::any_of(remotes.documents.begin(), remotes.documents.end(),
                                                [&](const auto& d) { return d.first == meta; });
      for (std::size_t ti = 0; ti < c["tests"].size(); ++ti) {
        const json& t = c["tests"][ti];
        json line = {{"file", name}, {"ci", ci}, {"ti", ti}, {"case", c["description"]}, {"test", t["description"]},
                     {"expected", t["valid"]}};
        if (!root) {
          line["got"] = nullptr;
          line["error"] = sonde::describe(root.error());
        } else {
          std::string body = t["data"].dump();
          std::string copy = body;
          auto tape = parse_json(copy);
          if (!tape) {
            line["got"] = nullptr;
            line["error"] = sonde::describe(tape.error());
          } else {
            ValidationOptions options;
            options.formats = false;  // format is an annotation in the required tests
            auto whole = validate(**root, tape->root(), options);
            line["got"] = whole.valid();
            line["error"] = whole.violations.empty() ? "" : whole.violations.front().schema + ": " + whole.violations.front().message();
            if (!meta_known) line["error"] = "remote $ref not fetched: $schema " + meta + "; " + line["error"].get<std::string>();
            auto streamed = validate_body(**root, body, options);
            line["streamed"] = streamed ? json(streamed->valid()) : json(nullptr);
          }
        }
        std::cout << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
      }
    }
  }
  return 0;
}
