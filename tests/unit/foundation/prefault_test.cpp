// prefault_for_write must leave a large region resident (one system call instead of a fault per
// page) and leave small ones alone; kernels without MADV_POPULATE_WRITE (before 5.14) are told.
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <vector>

#include "core/util/prefault.hpp"

namespace {

std::size_t resident_pages(void* data, std::size_t size) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> flags((size + page - 1) / page);
  REQUIRE(::mincore(data, size, flags.data()) == 0);
  std::size_t n = 0;
  for (unsigned char f : flags) n += f & 1;
  return n;
}

}  // namespace

TEST_CASE("prefault_for_write makes a large region resident, a small one not", "[foundation]") {
  const std::size_t size = 4 * sonde::k_prefault_min;
  void* region = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(region != MAP_FAILED);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  CHECK(resident_pages(region, size) == 0);
  // Below the threshold: nothing happens.
  sonde::prefault_for_write(region, sonde::k_prefault_min - 1);
  CHECK(resident_pages(region, size) == 0);
  // Does this kernel know the advice at all? (EINVAL before 5.14.)
  errno = 0;
  const bool supported = ::madvise(region, page, 23 /* MADV_POPULATE_WRITE */) == 0;
  if (!supported) {
    WARN("MADV_POPULATE_WRITE unsupported here (errno " << errno << "): prefault_for_write is a no-op");
    ::munmap(region, size);
    return;
  }
  // An unaligned start and end: the whole pages inside are populated, the rest untouched.
  char* bytes = static_cast<char*>(region);
  sonde::prefault_for_write(bytes + page + 100, 2 * sonde::k_prefault_min);
  const std::size_t inside = (2 * sonde::k_prefault_min - (page - 100)) / page;
  CHECK(resident_pages(region, size) == 1 + inside);  // + the page the probe above populated
  CHECK(resident_pages(bytes + page, page) == 0);      // the partial first page is left alone
  ::munmap(region, size);
}
