// The .http reader (JetBrains / REST Client / httpyac): request splitting, variables, dynamic
// variables, environments, `< file` bodies, multipart and GraphQL bodies.
#include <chrono>

#include "core/replay/http_file_reader.hpp"
#include "core/replay/random_source.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

// Fixed bits, so a crash reproduces from its input alone.
class FixedRandom : public sonde::replay::RandomSource {
 public:
  std::uint64_t bits() override { return state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL; }
  double unit() override { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_ = 42;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sonde;
  FixedRandom random;
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));
  std::map<std::string, std::string> env{{"host", "http://127.0.0.1:8080"}, {"token", "secret"}};
  // Anchored in the scratch folder, so `< file` includes read nothing of the project.
  std::string path = fuzz::scratch_dir() + "/fuzz.http";
  (void)replay::parse_http_text(fuzz::as_text(data, size), path, env, random, now);
  return 0;
}
