// Fixture of tests/shell/unity_names.sh: the same private name with another signature, which in
// one unity batch would silently take over first.cpp's calls for doubles.
namespace sonde::x {

namespace {

double scale(double v) { return v * 3; }

}  // namespace

double second(double v) { return scale(v); }

}  // namespace sonde::x
