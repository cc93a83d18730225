// Comma-separated option values, as every list-valued flag reads them.
#include <catch2/catch.hpp>

#include "core/util/comma_list.hpp"

using sonde::comma_items;
using sonde::nonempty_comma_items;
using List = std::vector<std::string>;

TEST_CASE("comma lists are split, trimmed, and keep or drop empty items", "[util][comma]") {
  CHECK(comma_items("a,b") == List{"a", "b"});
  CHECK(comma_items(" p99:total=1s ,\tfail-rate=1% ") == List{"p99:total=1s", "fail-rate=1%"});
  CHECK(comma_items("a,,b,") == List{"a", "", "b", ""});
  CHECK(comma_items("") == List{""});
  CHECK(nonempty_comma_items("a,, b ,") == List{"a", "b"});
  CHECK(nonempty_comma_items(" , ").empty());
}
