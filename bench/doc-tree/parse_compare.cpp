// Parses one JSON description both ways, one way per process (so each one's resident memory is
// its own): the nlohmann tree the loader builds today (parse_json_fast) and the compact DocTree
// (core/openapi/doc_tree.hpp). Prints seconds and the resident memory the tree added.
// Mode "stages" loads the file as sonde does (openapi::load, then the operation view) and prints
// the seconds and resident MiB each stage added: where a large description's memory goes.
// usage: sonde_doc_tree_bench FILE nlohmann|tree|same|stages
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/openapi/doc_tree.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"
#include "core/openapi/json_fast_parse.hpp"
#include "core/util/json_same.hpp"

namespace {

long resident_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sonde_doc_tree_bench FILE nlohmann|tree|same|stages\n");
    return 2;
  }
  if (std::string(argv[2]) == "stages") {
    auto stage_start = std::chrono::steady_clock::now();
    long stage_rss = resident_kib();
    auto stage = [&](const char* name) {
      const auto now = std::chrono::steady_clock::now();
      const long rss = resident_kib();
      std::printf("%-6s %.3f s %+ld MiB\n", name, std::chrono::duration<double>(now - stage_start).count(), (rss - stage_rss) / 1024);
      stage_start = now;
      stage_rss = rss;
    };
    auto doc = sonde::openapi::load(argv[1]);
    if (!doc) return 1;
    stage("load");
    auto view = sonde::openapi::build_view(*doc);
    if (!view) return 1;
    stage("view");
    std::printf("total  %ld MiB resident, %zu operations\n", resident_kib() / 1024, view->operations.size());
    return 0;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  const std::string text = read.str();
  const std::string mode = argv[2];
  const long before = resident_kib();
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (mode == "nlohmann") {
    auto tree = sonde::openapi::parse_json_fast(text);
    const double took = seconds();
    std::printf("%.3f %ld %d\n", took, (resident_kib() - before) / 1024, tree.has_value() ? 1 : 0);
  } else if (mode == "tree") {
    auto tree = sonde::openapi::parse_doc_tree(text);
    const double took = seconds();
    std::printf("%.3f %ld %d\n", took, (resident_kib() - before) / 1024, tree.has_value() ? 1 : 0);
  } else {
    auto tree = sonde::openapi::parse_doc_tree(text);
    auto reference = sonde::openapi::parse_json_fast(text);
    const bool same = tree && reference && sonde::same_json(tree->root().to_json(), *reference);
    std::printf("%d\n", same ? 1 : 0);
    return same ? 0 : 1;
  }
  return 0;
}
