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

  /// Not thread-safe: the proxy adds under its own lock.
  void add(const ExchangeResult& result);
  void add(const CheckError& error);

  /// Coverage of `operations` by every result added so far.
  void set_coverage(const std::vector<const Operation*>& operations) { coverage_ = coverage_tally_.of(operations); }

  RunTotals totals() const override { return {summary_, time_ms_, coverage_}; }
  Result<void> each_result(const std::function<void(const ExchangeResult&)>& visit) const override;
  Result<void> each_error(const std::function<void(const CheckError&)>& visit) const override;

  /// Why records are held in memory instead of the scratch file; nullopt while the file holds them.
  const std::optional<Error>& spill_failure() const { return spill_failure_; }
  /// Bytes of records held in memory now (a test's measure of the bound).
  std::size_t bytes_in_memory() const { return pending_.size(); }

 private:
  void flush();
  /// Reads every record back in order; `visit` gets each record's kind and its bytes.
  Result<void> each_record(const std::function<void(char kind, std::string_view bytes)>& visit) const;
  /// Every record of one kind, decoded.
  template <class Record>
  Result<void> each_of(char kind, const std::function<void(const Record&)>& visit) const;

  std::string dir_;
  int fd_ = -1;
  std::uint64_t file_bytes_ = 0;  ///< written to the file so far; the rest is in pending_
  std::string pending_;           ///< records not yet written out (all of them once spilling failed)
  std::optional<Error> spill_failure_;
  Summary summary_;
  double time_ms_ = 0;
  CoverageTally coverage_tally_;
  std::optional<Coverage> coverage_;
};

}  // namespace sonde::check
