#include "core/flow/suite.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/hurl/parser.hpp"
#include "core/replay/http_file_reader.hpp"
#include "core/util/atomic_file.hpp"

namespace sonde::flow {

Result<std::vector<std::string>> select_files(const SuiteOptions& options) {
  std::vector<std::string> files;
  for (const auto& input : options.inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (auto it = std::filesystem::recursive_directory_iterator(input, ec); !ec && it != std::filesystem::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".hurl") found.push_back(it->path().string());
      }
      if (ec) return fail(ErrorKind::invalid_input, "cannot read the folder (" + ec.message() + ")", input);
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(input, ec)) {
      files.push_back(input);
    } else {
      return fail(ErrorKind::invalid_input, "no such file or folder", input);
    }
  }
  if (!options.glob.empty()) {
    std::erase_if(files, [&](const std::string& f) { return ::fnmatch(options.glob.c_str(), f.c_str(), 0) != 0; });
  }
  if (options.shard_count > 1) {
    std::vector<std::string> mine;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (static_cast<int>(i % static_cast<std::size_t>(options.shard_count)) == options.shard_index - 1) mine.push_back(files[i]);
    }
    files = std::move(mine);
  }
  return files;
}

namespace {

hurl::Template literal(std::string text) {
  hurl::Template t;
  t.parts.push_back({false, std::move(text)});
  return t;
}

// A .http file (JetBrains / REST Client) as entries without response specs: each request runs,
// and with --spec its response is contract-checked. Script blocks are noted, not run.
Result<hurl::File> read_http(const std::string& path, const std::map<std::string, std::string>& variables) {
  auto random = replay::system_random();
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  auto read = replay::parse_http_text(*text, path, variables, *random, std::chrono::system_clock::now());
  if (!read) return std::unexpected(read.error());
  if (read->unsent) return std::unexpected(*read->unsent);  // sonde test runs a file whole or not at all
  hurl::File file;
  file.path = path;
  file.notes = read->warnings;
  for (const auto& r : read->requests) {
    hurl::Entry entry;
    entry.request.method = r.method;
    entry.request.url = literal(r.url);
    for (const auto& h : r.headers) entry.request.headers.push_back({literal(h.name), literal(h.value), {}});
    if (!r.body.empty()) {
      hurl::Body body;
      body.kind = hurl::Body::Kind::base64;  // exact bytes, no templating: the reader substituted already
      body.text = literal(r.body);
      entry.request.body = body;
    }
    auto colon = r.origin.rfind(':');
    if (colon != std::string::npos) entry.request.pos.line = std::atoi(r.origin.c_str() + colon + 1);
    entry.request.pos.col = 1;
    file.entries.push_back(std::move(entry));
  }
  return file;
}

}  // namespace

Result<std::vector<hurl::File>> parse_files(const std::vector<std::string>& paths,
                                            const std::map<std::string, std::string>& http_variables) {
  std::vector<hurl::File> out;
  for (const auto& path : paths) {
    const bool http = path.ends_with(".http") || path.ends_with(".rest");
    auto parsed = http ? read_http(path, http_variables) : hurl::parse_file(path);
    if (!parsed) return std::unexpected(parsed.error());
    out.push_back(std::move(*parsed));
  }
  return out;
}

std::vector<FileResult> run_suite(const std::vector<hurl::File>& files, const SuiteOptions& suite, const RunOptions& run) {
  std::vector<FileResult> results(files.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      if (stop) {
        results[i].path = files[i].path;
        results[i].error = Error{ErrorKind::usage, "not run (--fail-fast after an earlier failure)", files[i].path, {}};
        continue;
      }
      results[i] = run_file(files[i], run);
      if (suite.fail_fast && !results[i].passed()) stop = true;
    }
  };
  const auto jobs = static_cast<std::size_t>(std::max(1, suite.jobs));
  if (jobs == 1 || files.size() <= 1) {
    worker();
    return results;
  }
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < std::min(jobs, files.size()); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  return results;
}

Result<std::pair<int, int>> parse_shard(const std::string& text) {
  auto slash = text.find('/');
  try {
    if (slash != std::string::npos) {
      int i = std::stoi(text.substr(0, slash)), n = std::stoi(text.substr(slash + 1));
      if (n >= 1 && i >= 1 && i <= n && std::to_string(i) + "/" + std::to_string(n) == text) return std::pair{i, n};
    }
  } catch (...) {
  }
  return fail(ErrorKind::usage, "bad --shard '" + text + "'", {}, "write I/N with 1 <= I <= N, e.g. --shard 2/4");
}

}  // namespace sonde::flow
