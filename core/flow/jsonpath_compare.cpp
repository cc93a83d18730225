#include "core/flow/jsonpath_compare.hpp"

#include <cstdint>
#include <limits>

namespace sonde::flow::jsonpath {

namespace {

using json = nlohmann::json;

// An int64 or uint64 and a double meet in long double, which holds all three exactly (64-bit
// mantissa on x86-64, 113 bits on aarch64).
static_assert(std::numeric_limits<long double>::digits >= 64);

template <class T>
int three_way(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

long double widen(const json& n) {
  if (n.is_number_unsigned()) return static_cast<long double>(n.get<std::uint64_t>());
  if (n.is_number_integer()) return static_cast<long double>(n.get<std::int64_t>());
  return static_cast<long double>(n.get<double>());
}

int compare_numbers(const json& a, const json& b) {
  if (a.is_number_float() || b.is_number_float()) return three_way(widen(a), widen(b));
  const bool a_unsigned = a.is_number_unsigned();
  const bool b_unsigned = b.is_number_unsigned();
  if (a_unsigned && b_unsigned) return three_way(a.get<std::uint64_t>(), b.get<std::uint64_t>());
  if (!a_unsigned && !b_unsigned) return three_way(a.get<std::int64_t>(), b.get<std::int64_t>());
  // One unsigned, one signed: a negative signed value is the smaller; otherwise compare unsigned.
  const auto s = (a_unsigned ? b : a).get<std::int64_t>();
  const auto u = (a_unsigned ? a : b).get<std::uint64_t>();
  const int signed_vs_unsigned = s < 0 ? -1 : three_way(static_cast<std::uint64_t>(s), u);
  return a_unsigned ? -signed_vs_unsigned : signed_vs_unsigned;
}

bool equal(const json& a, const json& b);

bool equal_arrays(const json& a, const json& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!equal(a[i], b[i])) return false;
  }
  return true;
}

bool equal_objects(const json& a, const json& b) {
  if (a.size() != b.size()) return false;
  for (auto it = a.begin(); it != a.end(); ++it) {
    auto other = b.find(it.key());
    if (other == b.end() || !equal(it.value(), *other)) return false;
  }
  return true;
}

bool equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case json::value_t::null: return true;
    case json::value_t::boolean: return a.get<bool>() == b.get<bool>();
    case json::value_t::string: return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    case json::value_t::array: return equal_arrays(a, b);
    case json::value_t::object: return equal_objects(a, b);
    default: return false;
  }
}

// Ordering exists for numbers and strings only; UTF-8 byte order is code point order.
bool less(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) < 0;
  if (a.is_string() && b.is_string()) return a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
  return false;
}

bool equal_or_nothing(const json* a, const json* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return equal(*a, *b);
}

bool less_or_nothing(const json* a, const json* b) { return a != nullptr && b != nullptr && less(*a, *b); }

}  // namespace

bool compare(CompareOp op, const json* left, const json* right) {
  switch (op) {
    case CompareOp::eq: return equal_or_nothing(left, right);
    case CompareOp::ne: return !equal_or_nothing(left, right);
    case CompareOp::lt: return less_or_nothing(left, right);
    case CompareOp::le: return less_or_nothing(left, right) || equal_or_nothing(left, right);
    case CompareOp::gt: return less_or_nothing(right, left);
    case CompareOp::ge: return less_or_nothing(right, left) || equal_or_nothing(left, right);
  }
  return false;
}

}  // namespace sonde::flow::jsonpath
