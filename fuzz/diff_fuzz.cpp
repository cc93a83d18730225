// The breaking-change diff. Property, not only absence of crashes: a description diffed with
// itself (loaded twice, as `sonde diff a.yaml a.yaml` does) gives no finding. When the input
// also carries a revision after "\n#--revision--\n", the two are diffed for crashes.
#include <cstdio>
#include <cstdlib>

#include "core/diff/engine.hpp"
#include "core/openapi/document.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  auto parts = fuzz::split_parts(fuzz::as_text(data, size), "\n#--revision--\n", 2);
  auto ext = [](std::string_view text) { return !text.empty() && text.front() == '{' ? ".json" : ".yaml"; };
  std::string base_path = fuzz::write_scratch(std::string("base") + ext(parts[0]), parts[0]);
  diff::Options options;
  options.today = "2026-01-01";  // x-sunset rules must not depend on the day the fuzzer runs
  auto base = openapi::load(base_path, {});
  if (!base) return 0;
  auto again = openapi::load(base_path, {});
  if (!again) {
    std::fprintf(stderr, "the same file loaded once and failed the second time: %s\n", again.error().message.c_str());
    std::abort();
  }
  auto self = diff::compare(*base, *again, options);
  if (self && !self->changes.empty()) {
    const auto& change = self->changes.front();
    std::fprintf(stderr, "self-diff found %zu change(s); first: %s %s at %s\n", self->changes.size(), change.id.c_str(),
                 change.message.c_str(), change.location.c_str());
    std::abort();
  }
  if (parts.size() == 2) {
    std::string rev_path = fuzz::write_scratch(std::string("revision") + ext(parts[1]), parts[1]);
    if (auto rev = openapi::load(rev_path, {})) {
      (void)diff::compare(*base, *rev, options);
      (void)diff::compare(*rev, *base, options);
    }
  }
  return 0;
}
