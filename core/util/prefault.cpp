#include "core/util/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace sonde {

namespace {

// Older headers lack the name; the value is the kernel's ABI.
#ifndef MADV_POPULATE_WRITE
constexpr int k_populate_write = 23;
#else
constexpr int k_populate_write = MADV_POPULATE_WRITE;
#endif

}  // namespace

void prefault_for_write(void* data, std::size_t size) noexcept {
  if (data == nullptr || size < k_prefault_min) return;
  static const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (start + page - 1) & ~(page - 1);
  const std::uintptr_t last = (start + size) & ~(page - 1);
  if (last <= first) return;
  // Failure (an older kernel: EINVAL) changes nothing: the pages fault in when written.
  (void)::madvise(reinterpret_cast<void*>(first), last - first, k_populate_write);
}

}  // namespace sonde
