// structural_diff completes paired operations a chunk at a time, the next chunk on a second
// thread: whatever the chunk size, the deltas are those of one pass, and an error in any chunk
// comes back whole.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include "core/diff/operation_diff.hpp"
#include "core/diff/operation_pairing.hpp"
#include "tests/unit/scratch_file.hpp"

using namespace sonde;
using namespace sonde::diff;

namespace {

// Nine paths of two operations; `edit` rewrites some of them.
std::string spec(const std::function<std::string(int, const std::string&)>& edit) {
  std::string out = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n";
  for (int i = 0; i < 9; ++i) {
    std::string item = "  /things" + std::to_string(i) + "/{id}:\n"
                       "    get:\n"
                       "      parameters: [{name: id, in: path, required: true, schema: {type: string}},\n"
                       "                   {name: limit, in: query, schema: {type: integer, maximum: 100}}]\n"
                       "      responses:\n"
                       "        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n"
                       "    post:\n"
                       "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n"
                       "      responses: {'201': {description: made}}\n";
    out += edit(i, item);
  }
  out += "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n"
         "        name: {type: string}\n        size: {type: integer, enum: [1, 2, 3]}\n";
  return out;
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

struct Loaded {
  openapi::Document base, rev;
  openapi::View base_view, rev_view;
  Pairing pairing;
};

Loaded load_pair(const std::string& base_text, const std::string& rev_text) {
  auto base = openapi::load(sonde::testing::write_scratch_file("chunks-test", "base.yaml", base_text));
  auto rev = openapi::load(sonde::testing::write_scratch_file("chunks-test", "rev.yaml", rev_text));
  REQUIRE(base.has_value());
  REQUIRE(rev.has_value());
  auto bv = openapi::build_view(*base, openapi::ViewDepth::outline);
  auto rv = openapi::build_view(*rev, openapi::ViewDepth::outline);
  REQUIRE(bv.has_value());
  REQUIRE(rv.has_value());
  Loaded out{std::move(*base), std::move(*rev), std::move(*bv), std::move(*rv), {}};
  out.pairing = pair_operations(out.base_view, out.rev_view);
  return out;
}

std::vector<std::string> lines(const std::vector<Delta>& deltas) {
  std::vector<std::string> out;
  for (const auto& d : deltas) {
    std::string line = std::to_string(static_cast<int>(d.fact)) + " " + d.subject + " " + d.detail + " " + d.before +
                       " -> " + d.after + " @" + d.location + " " + d.component + " :";
    for (const auto& op : d.operations) line += " " + op;
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("structural diff: any chunk size gives the deltas of one pass", "[diff]") {
  std::string base = spec([](int, const std::string& item) { return item; });
  std::string rev = spec([](int i, const std::string& item) {
    if (i == 1) return replace_once(item, "maximum: 100", "maximum: 50");
    if (i == 4) return std::string();  // removed: two operations
    if (i == 6) return replace_once(item, "required: true, schema: {type: string}}", "required: true, schema: {type: integer}}");
    return item;
  });
  rev = replace_once(rev, "enum: [1, 2, 3]", "enum: [1, 2]");  // shared by every operation
  rev = replace_once(rev, "components:", "  /added:\n    get: {responses: {'200': {description: ok}}}\ncomponents:");
  auto loaded = load_pair(base, rev);
  REQUIRE(loaded.pairing.pairs.size() == 19);
  LifecyclePolicy policy{"2026-12-07", 0, 0};
  auto one_pass = structural_diff(loaded.base, loaded.rev, loaded.pairing.pairs, loaded.rev_view, policy, 1000);
  REQUIRE(one_pass.has_value());
  auto expected = lines(*one_pass);
  // The planted changes are there: the enum value removed, once for the responses of the 8 GETs left.
  auto removed = std::find_if(expected.begin(), expected.end(), [](const std::string& l) { return l.find(" 3  -> ") != std::string::npos; });
  REQUIRE(removed != expected.end());
  CHECK(removed->find("GET /things0/{id}") != std::string::npos);
  CHECK(removed->find("GET /things8/{id}") != std::string::npos);
  CHECK(removed->find("/things4/") == std::string::npos);
  CHECK(std::any_of(expected.begin(), expected.end(), [](const std::string& l) { return l.find("maximum 100 -> 50") != std::string::npos; }));
  CHECK(std::any_of(expected.begin(), expected.end(), [](const std::string& l) { return l.find("GET /added") != std::string::npos; }));
  CHECK(std::any_of(expected.begin(), expected.end(), [](const std::string& l) { return l.find("POST /things4/{id}") != std::string::npos; }));
  for (std::size_t chunk : {1, 2, 3, 7, 18, 19}) {
    INFO("chunk " << chunk);
    auto chunked = structural_diff(loaded.base, loaded.rev, loaded.pairing.pairs, loaded.rev_view, policy, chunk);
    REQUIRE(chunked.has_value());
    CHECK(lines(*chunked) == expected);
  }
}

TEST_CASE("structural diff: a malformed operation in a later chunk fails the diff", "[diff]") {
  std::string base = spec([](int, const std::string& item) { return item; });
  std::string rev = spec([](int i, const std::string& item) {
    return i == 7 ? replace_once(item, "responses: {'201'", "parameters: {not: a list}\n      responses: {'201'") : item;
  });
  auto loaded = load_pair(base, rev);
  LifecyclePolicy policy{"2026-12-07", 0, 0};
  for (std::size_t chunk : {1, 2, 5, 1000}) {
    INFO("chunk " << chunk);
    auto result = structural_diff(loaded.base, loaded.rev, loaded.pairing.pairs, loaded.rev_view, policy, chunk);
    REQUIRE_FALSE(result.has_value());
    CHECK(describe(result.error()).find("rev.yaml") != std::string::npos);
    CHECK(describe(result.error()).find("\"parameters\" must be a list") != std::string::npos);
  }
}
