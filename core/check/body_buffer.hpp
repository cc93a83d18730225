#pragma once
/// A response body that the validator may rewrite in place (it unescapes strings where they lie):
/// either an owned string, or a large file mapped copy-on-write. Mapping skips the read(2) copy
/// and the zeroing of fresh pages, which were ~35% of the CPU time of a 100 MB body (measured:
/// 0.10 s of 0.27 s in the kernel); only pages holding escapes are ever copied.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/file_read.hpp"

namespace sonde::check {

class BodyBuffer {
 public:
  BodyBuffer() = default;
  BodyBuffer(std::string text) : owned_(std::move(text)) {}  // NOLINT: implicit, a body is text
  BodyBuffer(const char* text) : owned_(text) {}             // NOLINT
  BodyBuffer(const BodyBuffer& other) : owned_(other.view()) {}
  BodyBuffer(BodyBuffer&& other) noexcept;
  BodyBuffer& operator=(BodyBuffer other) noexcept;
  ~BodyBuffer();

  /// Maps `path` when it is a regular file of at least `map_threshold` bytes, else reads it;
  /// anything but a regular file, or a file above `limit`, is refused (see sonde::read_file).
  /// Errors (invalid_input) name the path and the reason.
  static Result<BodyBuffer> read_file(const std::string& path, std::size_t map_threshold = 1 << 20,
                                      std::size_t limit = k_read_limit);

  char* data() { return mapped_ ? mapped_ : owned_.data(); }
  std::size_t size() const { return mapped_ ? mapped_size_ : owned_.size(); }
  bool empty() const { return size() == 0; }
  std::string_view view() const { return mapped_ ? std::string_view(mapped_, mapped_size_) : std::string_view(owned_); }
  friend bool operator==(const BodyBuffer& b, std::string_view s) { return b.view() == s; }

 private:
  std::string owned_;
  char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
};

}  // namespace sonde::check
