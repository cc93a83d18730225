#pragma once
/// The results of a run that may last for hours (`check --proxy`), kept in a scratch file as they
/// come instead of in memory, so the proxy's memory stays flat however much traffic passes. What
/// the reports need before their first line (the counts, the coverage) is tallied as results are
/// added; the results themselves are read back once, in arrival order, when the reports are
/// written (cli/check_run_writer.hpp).
///
/// The scratch file lives in $TMPDIR (else /tmp) and has no name there (O_TMPFILE, or unlinked
/// the moment it is made), so it disappears with the process, however that ends. Where no such
/// file can be made, or writing it fails (a full disk), records stay in memory in the same compact
/// form: the run loses nothing, only the bound; spill_failure() says why.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/check/check_run.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

class ResultSpool final : public RunRecords {
 public:
  /// `dir`: where the scratch file goes; empty: $TMPDIR, else /tmp.
  explicit ResultSpool(const std::string& dir = {});
  ResultSpool(const ResultSpool&) = delete;
  ResultSpool& operator=(const ResultSpool&) = delete;
  ~ResultSpool() override;

  /// Records gathered for the scratch file and the place in it reserved for them. The proxy adds
  /// under its lock but writes outside it (a slow disk then stalls one exchange, not all): it
  /// takes a chunk from add_deferring_write(), calls write_out() once the lock is released, and
  /// gives the chunk back with written() under the lock again. Chunks may be written in any order;
  /// the reserved places keep the records in the order they were added.
  struct Chunk {
    std::string bytes;
    std::uint64_t offset = 0;
    int fd = -1;
    int error = 0;  ///< errno of a write-out that failed; bytes then holds what was not written
  };

  /// Adds a record and, every 256 KiB, writes out at once. Not thread-safe.
  void add(const ExchangeResult& result);
  void add(const CheckError& error);
  /// Adds a record; a chunk to write out when enough has gathered. Not thread-safe.
  [[nodiscard]] std::optional<Chunk> add_deferring_write(const ExchangeResult& result);
  [[nodiscard]] std::optional<Chunk> add_deferring_write(const CheckError& error);
  /// Writes a chunk to its place: outside any lock, but while the spool lives (it writes to the
  /// spool's file); every chunk handed out must come back through written() before the records
  /// are read.
  static void write_out(Chunk& chunk);
  /// A chunk back after write_out (under the lock add_deferring_write was called under): what it
  /// could not write is held in memory in its place, and records that follow stay in memory.
  void written(Chunk chunk);

  /// Coverage of `operations` by every result added so far.
  void set_coverage(const std::vector<const Operation*>& operations) { coverage_ = coverage_tally_.of(operations); }

  RunTotals totals() const override { return {summary_, time_ms_, coverage_}; }
  Result<void> each_result(const std::function<void(const ExchangeResult&)>& visit) const override;
  Result<void> each_error(const std::function<void(const CheckError&)>& visit) const override;

  /// Why records are held in memory instead of the scratch file; nullopt while the file holds them.
  const std::optional<Error>& spill_failure() const { return spill_failure_; }
  /// Bytes of records held in memory now (a test's measure of the bound).
  std::size_t bytes_in_memory() const { return pending_.size() + unwritten_bytes_; }

 private:
  /// The pending records as a chunk with its place reserved; nothing while they stay in memory.
  std::optional<Chunk> take_chunk();
  /// Reads every record back in order; `visit` gets each record's kind and its bytes.
  Result<void> each_record(const std::function<void(char kind, std::string_view bytes)>& visit) const;
  /// Every record of one kind, decoded.
  template <class Record>
  Result<void> each_of(char kind, const std::function<void(const Record&)>& visit) const;

  std::string dir_;
  int fd_ = -1;
  std::uint64_t reserved_ = 0;  ///< bytes of the file handed out as chunks so far; the rest is in pending_
  std::string pending_;         ///< records not yet handed out (all that come once spilling failed)
  std::string spare_;           ///< a written chunk's buffer, reused for the next
  std::map<std::uint64_t, std::string> unwritten_;  ///< parts of chunks a write-out failed on, by offset
  std::size_t unwritten_bytes_ = 0;
  int in_flight_ = 0;  ///< chunks handed out and not given back yet
  std::optional<Error> spill_failure_;
  Summary summary_;
  double time_ms_ = 0;
  CoverageTally coverage_tally_;
  std::optional<Coverage> coverage_;
};

}  // namespace sonde::check
