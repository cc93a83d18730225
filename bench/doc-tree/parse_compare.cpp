// Parses one JSON description both ways, one way per process (so each one's resident memory is
// its own): the nlohmann tree the loader builds today (parse_json_fast) and the compact DocTree
// (core/openapi/doc_tree.hpp). Prints seconds and the resident memory the tree added.
// usage: sonde_doc_tree_bench FILE nlohmann|tree|same
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/openapi/doc_tree.hpp"
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
    std::fprintf(stderr, "usage: sonde_doc_tree_bench FILE nlohmann|tree|same\n");
    return 2;
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
