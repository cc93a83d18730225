#include "core/check/result_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <utility>
#include <vector>

namespace sonde::check {

namespace {

// A record: its kind ('R' a result, 'E' an error), its payload's length (8 bytes), the payload.
// Inside, strings are a length (8 bytes) and their bytes; numbers are 8 bytes. The file is read
// back only by the process that wrote it, so native byte order is all it needs.
constexpr char k_result = 'R';
constexpr char k_error = 'E';
constexpr std::size_t k_flush_at = std::size_t{256} << 10;  ///< memory held before a write-out

void put_u64(std::string& out, std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void put(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

/// Reads what put_u64/put wrote; a short record leaves `ok` false (a torn file: never expected).
struct Reader {
  std::string_view in;
  bool ok = true;
  std::uint64_t u64() {
    std::uint64_t v = 0;
    if (in.size() < sizeof v) return ok = false, 0;
    std::memcpy(&v, in.data(), sizeof v);
    in.remove_prefix(sizeof v);
    return v;
  }
  std::string str() {
    auto n = u64();
    if (!ok || in.size() < n) return ok = false, std::string();
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
};

void encode(const ExchangeResult& r, std::string& out) {
  put_u64(out, r.operation.has_value());
  put(out, r.operation.value_or(""));
  put(out, r.method);
  put(out, r.url);
  put_u64(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(r.status)));
  put_u64(out, r.violations.size());
  for (const auto& v : r.violations) {
    for (const std::string* field : {&v.kind, &v.pointer, &v.schema, &v.source, &v.keyword, &v.message, &v.expected, &v.actual}) {
      put(out, *field);
    }
  }
  put_u64(out, r.omitted);
  put_u64(out, r.masked);
  put(out, r.note);
  put(out, r.response_key);
  std::uint64_t time_bits = 0;
  std::memcpy(&time_bits, &r.time_ms, sizeof time_bits);
  put_u64(out, time_bits);
}

bool decode(std::string_view bytes, ExchangeResult& r) {
  Reader in{bytes};
  const bool matched = in.u64() != 0;
  std::string operation = in.str();
  if (matched) r.operation = std::move(operation);
  r.method = in.str();
  r.url = in.str();
  r.status = static_cast<int>(static_cast<std::int64_t>(in.u64()));
  const auto violations = in.u64();
  for (std::uint64_t i = 0; in.ok && i < violations; ++i) {
    auto& v = r.violations.emplace_back();
    for (std::string* field : {&v.kind, &v.pointer, &v.schema, &v.source, &v.keyword, &v.message, &v.expected, &v.actual}) {
      *field = in.str();
    }
  }
  r.omitted = in.u64();
  r.masked = in.u64();
  r.note = in.str();
  r.response_key = in.str();
  const std::uint64_t time_bits = in.u64();
  std::memcpy(&r.time_ms, &time_bits, sizeof time_bits);
  return in.ok && in.in.empty();
}

void encode(const CheckError& e, std::string& out) {
  for (const std::string* field : {&e.operation, &e.method, &e.url, &e.message}) put(out, *field);
}

// Appends a record of `kind` to `out`: encoded in place, its length filled in afterwards (the
// proxy adds under its lock, so no intermediate copy).
template <class Record>
void append_record(std::string& out, char kind, const Record& record) {
  out += kind;
  const std::size_t length_at = out.size();
  put_u64(out, 0);
  encode(record, out);
  const std::uint64_t length = out.size() - length_at - sizeof(std::uint64_t);
  std::memcpy(out.data() + length_at, &length, sizeof length);
}

bool decode(std::string_view bytes, CheckError& e) {
  Reader in{bytes};
  for (std::string* field : {&e.operation, &e.method, &e.url, &e.message}) *field = in.str();
  return in.ok && in.in.empty();
}

// A read-write file with no name in `dir`: O_TMPFILE where the file system has it, else a
// mkstemp file unlinked at once. -1 and errno when neither can be made.
int open_scratch(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = dir + "/sonde-results-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

std::string scratch_dir(const std::string& dir) {
  if (!dir.empty()) return dir;
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

}  // namespace

ResultSpool::ResultSpool(const std::string& dir) : dir_(scratch_dir(dir)) {
  fd_ = open_scratch(dir_);
  if (fd_ < 0) {
    spill_failure_ = Error{ErrorKind::runtime,
                           "cannot make a scratch file for the results (" + std::string(std::strerror(errno)) +
                               "): the run is held in memory",
                           dir_, ""};
  }
}

ResultSpool::~ResultSpool() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<ResultSpool::Chunk> ResultSpool::add_deferring_write(const ExchangeResult& result) {
  count(summary_, result);
  time_ms_ += result.time_ms;
  coverage_tally_.add(result);
  append_record(pending_, k_result, result);
  return pending_.size() >= k_flush_at ? take_chunk() : std::nullopt;
}

std::optional<ResultSpool::Chunk> ResultSpool::add_deferring_write(const CheckError& error) {
  ++summary_.errors;
  append_record(pending_, k_error, error);
  return pending_.size() >= k_flush_at ? take_chunk() : std::nullopt;
}

void ResultSpool::add(const ExchangeResult& result) {
  if (auto chunk = add_deferring_write(result)) {
    write_out(*chunk);
    written(std::move(*chunk));
  }
}

void ResultSpool::add(const CheckError& error) {
  if (auto chunk = add_deferring_write(error)) {
    write_out(*chunk);
    written(std::move(*chunk));
  }
}

std::optional<ResultSpool::Chunk> ResultSpool::take_chunk() {
  if (fd_ < 0 || spill_failure_ || pending_.empty()) return std::nullopt;
  Chunk chunk{std::move(pending_), reserved_, fd_, 0};
  reserved_ += chunk.bytes.size();
  pending_ = std::move(spare_);
  pending_.clear();
  ++in_flight_;
  return chunk;
}

void ResultSpool::write_out(Chunk& chunk) {
  std::size_t done = 0;
  while (done < chunk.bytes.size()) {
    ssize_t n = ::pwrite(chunk.fd, chunk.bytes.data() + done, chunk.bytes.size() - done,
                         static_cast<off_t>(chunk.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      chunk.error = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  // The file keeps what it took; what is left is the part to hold in memory.
  chunk.bytes.erase(0, done);
  chunk.offset += done;
}

void ResultSpool::written(Chunk chunk) {
  --in_flight_;
  if (chunk.error == 0) {
    if (spare_.capacity() < chunk.bytes.capacity()) spare_ = std::move(chunk.bytes);
    return;
  }
  // A full disk costs the bound, never a result: the part not written waits in memory in its
  // place, and what follows is no longer written out.
  if (!spill_failure_) {
    spill_failure_ = Error{ErrorKind::runtime,
                           "the results' scratch file cannot grow (" + std::string(std::strerror(chunk.error)) +
                               "): the rest of the run is held in memory",
                           dir_, ""};
  }
  unwritten_bytes_ += chunk.bytes.size();
  unwritten_.emplace(chunk.offset, std::move(chunk.bytes));
}

Result<void> ResultSpool::each_record(const std::function<void(char kind, std::string_view bytes)>& visit) const {
  if (in_flight_ != 0) return fail(ErrorKind::runtime, "the results are read back while some are still being written", dir_);
  // In order of place: the file's ranges (read in pieces, so reading back holds one piece and one
  // record), the parts a write-out left in memory between them, then the records never handed out.
  // Records are read where they lie; only one cut by the end of a piece (or of a part in
  // memory) is copied, into `carry`, until the rest of it comes.
  std::string carry;
  auto visit_whole = [&](std::string_view& data) {
    while (data.size() >= 1 + sizeof(std::uint64_t)) {
      std::uint64_t n = 0;
      std::memcpy(&n, data.data() + 1, sizeof n);
      if (data.size() - 1 - sizeof n < n) return;
      visit(data[0], data.substr(1 + sizeof n, n));
      data.remove_prefix(1 + sizeof n + n);
    }
  };
  auto take = [&](std::string_view more) {
    if (!carry.empty()) {
      // Complete the cut record from the head of `more`: its header first, then its payload.
      const std::size_t head = 1 + sizeof(std::uint64_t);
      if (carry.size() < head) {
        const std::size_t need = std::min(head - carry.size(), more.size());
        carry.append(more.substr(0, need));
        more.remove_prefix(need);
        if (carry.size() < head) return;
      }
      std::uint64_t n = 0;
      std::memcpy(&n, carry.data() + 1, sizeof n);
      const std::uint64_t missing = head + n - carry.size();
      const auto need = static_cast<std::size_t>(std::min<std::uint64_t>(missing, more.size()));
      carry.append(more.substr(0, need));
      more.remove_prefix(need);
      if (need < missing) return;
      std::string_view whole = carry;
      visit_whole(whole);
      carry.clear();
    }
    visit_whole(more);
    carry.assign(more);
  };
  std::vector<char> piece;
  auto read_file = [&](std::uint64_t from, std::uint64_t to) -> Result<void> {
    if (piece.empty()) piece.resize(std::size_t{1} << 20);
    while (from < to) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), to - from));
      ssize_t n = ::pread(fd_, piece.data(), want, static_cast<off_t>(from));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        return fail(ErrorKind::runtime, "cannot read the results back: " + std::string(std::strerror(n < 0 ? errno : EIO)),
                    dir_);
      }
      from += static_cast<std::uint64_t>(n);
      take(std::string_view(piece.data(), static_cast<std::size_t>(n)));
    }
    return {};
  };
  std::uint64_t offset = 0;
  for (const auto& [at, bytes] : unwritten_) {
    if (auto read = read_file(offset, at); !read) return read;
    take(bytes);
    offset = at + bytes.size();
  }
  if (auto read = read_file(offset, reserved_); !read) return read;
  take(pending_);
  if (!carry.empty()) return fail(ErrorKind::runtime, "the results' scratch file was cut short", dir_);
  return {};
}

template <class Record>
Result<void> ResultSpool::each_of(char wanted, const std::function<void(const Record&)>& visit) const {
  bool torn = false;
  auto read = each_record([&](char kind, std::string_view bytes) {
    if (kind != wanted || torn) return;
    Record record;
    if (decode(bytes, record)) visit(record);
    else torn = true;
  });
  if (read && torn) return fail(ErrorKind::runtime, "a record in the results' scratch file does not read back", dir_);
  return read;
}

Result<void> ResultSpool::each_result(const std::function<void(const ExchangeResult&)>& visit) const {
  return each_of<ExchangeResult>(k_result, visit);
}

Result<void> ResultSpool::each_error(const std::function<void(const CheckError&)>& visit) const {
  return each_of<CheckError>(k_error, visit);
}

}  // namespace sonde::check
