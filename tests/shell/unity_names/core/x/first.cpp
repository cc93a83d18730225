// Fixture of tests/shell/unity_names.sh: a private helper that second.cpp defines too.
namespace sonde::x {

namespace {

int scale(int v) { return v * 2; }

}  // namespace

int first(int v) { return scale(v); }

}  // namespace sonde::x
