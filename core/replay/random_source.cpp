#include "core/replay/random_source.hpp"

#include <random>

namespace sonde::replay {

namespace {
class Mt64 final : public RandomSource {
 public:
  Mt64() : engine_(std::random_device{}()) {}
  std::uint64_t bits() override { return engine_(); }
  double unit() override { return std::generate_canonical<double, 53>(engine_); }

 private:
  std::mt19937_64 engine_;
};
}  // namespace

std::unique_ptr<RandomSource> system_random() { return std::make_unique<Mt64>(); }

}  // namespace sonde::replay
