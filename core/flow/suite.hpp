#pragma once
/// A whole `sonde test` run: inputs expanded (folders, globs), parsed up front (a file that does
/// not parse stops everything with exit 3 before any request), sharded, and run file by file
/// on `jobs` threads; results come back in input order.
#include <map>
#include <string>
#include <vector>

#include "core/flow/run_result.hpp"
#include "core/flow/runner.hpp"
#include "core/hurl/ast.hpp"

namespace sonde::flow {

struct SuiteOptions {
  std::vector<std::string> inputs;  ///< files and folders (folders: every *.hurl below, sorted)
  std::string glob;                 ///< only files whose path matches (fnmatch, '**' allowed)
  int jobs = 1;
  int shard_index = 1, shard_count = 1;  ///< --shard i/n: every n-th file, from the i-th
  bool fail_fast = false;                ///< no new file starts after a failure
};

/// The files the inputs name, expanded, filtered and sharded (deterministic: sorted by path).
Result<std::vector<std::string>> select_files(const SuiteOptions& options);

/// Parses every file; the first that does not parse is the error (exit 3). `.http` and `.rest`
/// files are read by replay's reader, with `http_variables` as their environment.
Result<std::vector<hurl::File>> parse_files(const std::vector<std::string>& paths,
                                            const std::map<std::string, std::string>& http_variables = {});

/// Runs the parsed files.
std::vector<FileResult> run_suite(const std::vector<hurl::File>& files, const SuiteOptions& suite, const RunOptions& run);

/// Parses "i/n" (1 <= i <= n).
Result<std::pair<int, int>> parse_shard(const std::string& text);

}  // namespace sonde::flow
