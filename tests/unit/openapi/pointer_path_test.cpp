#include <catch2/catch.hpp>

#include "core/openapi/document.hpp"
#include "core/openapi/pointer_path.hpp"
#include "core/util/json_pointer.hpp"

TEST_CASE("pointer path: steps escape their tokens and spell out as one pointer", "[openapi][pointer]") {
  using sonde::openapi::PointerPath;
  const PointerPath root;
  CHECK(root.str().empty());
  CHECK(root.empty());
  const PointerPath op = root.child("paths").child("/pets/{id}").child("get");
  CHECK(op.str() == "/paths/~1pets~1{id}/get");
  CHECK(op.size() == op.str().size());
  CHECK(op.child("a~b").str() == "/paths/~1pets~1{id}/get/a~0b");
  CHECK(op.child("").str() == "/paths/~1pets~1{id}/get/");  // an empty key is a token too
  // A pointer given whole, then walked on from.
  const PointerPath given("/components/schemas/Pet");
  CHECK(given.child("properties").str() == "/components/schemas/Pet/properties");
  // Equal by what they spell, however they were made.
  CHECK(given == PointerPath(root.child("components").child("schemas").child("Pet")));
  CHECK(given == "/components/schemas/Pet");
  CHECK_FALSE(given == "/components/schemas/Pe");
  // The parent is shared, not changed, by a step.
  CHECK(op.str() == "/paths/~1pets~1{id}/get");
}

TEST_CASE("pointer path: a deep walk spells the same as json_pointer::append", "[openapi][pointer]") {
  sonde::openapi::PointerPath walked;
  std::string appended;
  for (int i = 0; i < 300; ++i) {  // past the 64 links kept on the stack while spelling
    const std::string token = i % 7 == 0 ? "a/b~" + std::to_string(i) : std::to_string(i);
    walked = walked.child(token);
    appended = sonde::json_pointer::append(appended, token);
  }
  CHECK(walked.str() == appended);
  CHECK(walked.size() == appended.size());
}

TEST_CASE("pointer path: a Node made from a pointer written out reads it back", "[openapi][pointer]") {
  sonde::openapi::Node node{nullptr, 0, "/paths/~1a/x-sunset"};
  CHECK(node.pointer.str() == "/paths/~1a/x-sunset");
  sonde::openapi::Node copy = node;
  CHECK(copy.pointer == node.pointer);
}
