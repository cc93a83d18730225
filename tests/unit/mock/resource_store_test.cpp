#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/mock/resource_store.hpp"

using namespace sonde::mock;
using nlohmann::json;

namespace {

MockResponse documented(int status, std::string body, HeaderList headers = {}) {
  MockResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("resource place: collections and items from the path template", "[mock][stateful]") {
  auto item = resource_place("/users/{userId}/orders/{orderId}", {{"userId", "7"}, {"orderId", "A1"}});
  REQUIRE(item);
  CHECK(item->collection == "/users/7/orders");
  CHECK(item->id == "A1");
  auto list = resource_place("/users/{userId}/orders", {{"userId", "7"}});
  REQUIRE(list);
  CHECK(list->collection == "/users/7/orders");
  CHECK_FALSE(list->id);
  CHECK_FALSE(resource_place("/users/{userId}", {}));
}

TEST_CASE("resource store: numeric ids follow the documented answer; lists fill its array", "[mock][stateful]") {
  auto store = ResourceStore::open("");
  REQUIRE(store);
  MockResponse created = documented(201, R"({"id": 0, "name": "example", "kind": "cat"})",
                                    {{"Content-Type", "application/json"}, {"Location", "/pets/0"}});
  auto first = (*store)->answer("POST", {"/pets", std::nullopt}, R"({"name": "Tom"})", created);
  REQUIRE(first);
  CHECK(json::parse(first->body) == json::parse(R"({"id": 1, "name": "Tom", "kind": "cat"})"));
  CHECK(std::count(first->headers.begin(), first->headers.end(), std::pair<std::string, std::string>{"Location", "/pets/1"}) == 1);
  auto second = (*store)->answer("POST", {"/pets", std::nullopt}, R"({"id": 9, "name": "Rex"})", created);
  REQUIRE(second);
  CHECK(json::parse(second->body)["id"] == 9);  // the client's id is kept

  MockResponse page = documented(200, R"({"total": 0, "items": [], "next": null})");
  auto listed = (*store)->answer("GET", {"/pets", std::nullopt}, "", page);
  REQUIRE(listed);
  auto body = json::parse(listed->body);
  CHECK(body["items"].size() == 2);
  CHECK(body["items"][1]["name"] == "Rex");

  MockResponse ok = documented(200, R"({"id": 0, "name": "example", "kind": "cat"})");
  CHECK((*store)->answer("PATCH", {"/pets", "5"}, R"({"name": "x"})", ok)->status == 404);
  CHECK_FALSE((*store)->answer("PATCH", {"/pets", "1"}, "not json", ok));  // nothing to say: documented answer
  auto patched = (*store)->answer("PATCH", {"/pets", "1"}, R"({"kind": null})", ok);
  REQUIRE(patched);
  CHECK(json::parse(patched->body) == json::parse(R"({"id": 1, "name": "Tom"})"));  // RFC 7396: null removes
  MockResponse gone = documented(204, "");
  CHECK((*store)->answer("DELETE", {"/pets", "1"}, "", gone)->status == 204);
  CHECK((*store)->answer("GET", {"/pets", "1"}, "", ok)->status == 404);
  CHECK_FALSE((*store)->answer("OPTIONS", {"/pets", "9"}, "", ok));
}
