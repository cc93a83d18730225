#include <catch2/catch.hpp>

#include "core/check/multipart.hpp"
#include "core/check/request_check.hpp"

using namespace sonde::check;

namespace {

const char* k_spec = SONDE_SOURCE_DIR "/tests/unit/check/fixtures/requests.yaml";

struct Fixture {
  sonde::openapi::Document doc;
  std::unique_ptr<OperationIndex> index;
  std::unique_ptr<RequestContract> contract;
};

Fixture load() {
  auto doc = sonde::openapi::load(k_spec);
  REQUIRE(doc);
  Fixture f{std::move(*doc), nullptr, nullptr};
  auto index = OperationIndex::build(f.doc);
  REQUIRE(index);
  f.index = std::make_unique<OperationIndex>(std::move(*index));
  auto contract = RequestContract::create(f.doc, *f.index);
  REQUIRE(contract);
  f.contract = std::move(*contract);
  return f;
}

SentRequest good() {
  return {"PUT", "http://api.test/orders/7?limit=5&tags=a,bc",
          {{"X-Trace", "0a1b2c3d"}, {"Cookie", "session=s1"}, {"Content-Type", "application/json"}},
          R"({"sku":"a1","qty":2})"};
}

std::vector<std::string> wheres(const std::vector<RequestViolation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) out.push_back(v.kind + " " + v.where);
  return out;
}

}  // namespace

TEST_CASE("request checks: a conforming request has no violations") {
  auto f = load();
  CHECK(f.contract->check(good()).empty());
}

TEST_CASE("request checks: parameter values against their schemas, with the schema's file:line") {
  auto f = load();
  auto r = good();
  r.target = "/orders/seven?limit=50&tags=a,long";
  auto found = f.contract->check(r);
  CHECK(wheres(found) == std::vector<std::string>{"request-parameter /path/id", "request-parameter /query/limit",
                                                  "request-parameter /query/tags/1"});
  REQUIRE(found.size() == 3);
  CHECK(found[1].source.find("requests.yaml:8:") != std::string::npos);
}

TEST_CASE("request checks: required parameters and body missing") {
  auto f = load();
  SentRequest r{"PUT", "/orders/7", {}, ""};
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-missing /header/X-Trace",
                                                                 "request-missing /cookie/session",
                                                                 "request-missing /body"});
}

TEST_CASE("request checks: a body passed on unread, or compressed, is present but its content is not checked") {
  auto f = load();
  auto r = good();
  r.body = "";
  r.body_unread = true;  // the proxy streamed it: not a missing body
  CHECK(wheres(f.contract->check(r)).empty());
  r.headers = {{"X-Trace", "0a1b2c3d"}, {"Cookie", "session=s1"}, {"Content-Type", "text/plain"}};
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-media-type /header/Content-Type"});
  // gzip bytes are not the JSON the schema describes: left unread rather than called malformed.
  r = good();
  r.body = std::string("\x1f\x8b\x08\x00", 4);
  r.headers.emplace_back("Content-Encoding", "gzip");
  CHECK(wheres(f.contract->check(r)).empty());
  r.headers.back().second = "identity";
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-malformed /body"});
}

TEST_CASE("request checks: a body off its schema, a malformed body, an undocumented media type") {
  auto f = load();
  auto r = good();
  r.body = R"({"sku":1,"qty":0})";
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-body /body/sku", "request-body /body/qty"});
  r.body = R"({"sku":)";
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-malformed /body"});
  r.headers = {{"X-Trace", "0a1b2c3d"}, {"Cookie", "session=s1"}, {"Content-Type", "text/plain"}};
  auto found = f.contract->check(r);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "request-media-type");
  CHECK(found[0].message == "Content-Type text/plain is not one of: application/json");
}

TEST_CASE("request checks: a request no operation matches is left to the response check") {
  auto f = load();
  SentRequest r{"GET", "/nowhere", {}, ""};
  CHECK(f.contract->check(r).empty());
}

TEST_CASE("request checks: a percent-decoded value that is not UTF-8 is a violation, not an exception") {
  auto f = load();
  auto r = good();
  r.target = "/orders/7?limit=5&tags=%FF";
  std::vector<RequestViolation> found;
  REQUIRE_NOTHROW(found = f.contract->check(r));
  CHECK(found.empty());  // a string of one replaced character: within maxLength 3
  r.target = "/orders/%FF%FE";
  REQUIRE_NOTHROW(found = f.contract->check(r));
  CHECK(wheres(found) == std::vector<std::string>{"request-parameter /path/id"});
}

TEST_CASE("request checks: cookie parameter values against their schemas") {
  auto f = load();
  auto r = good();
  r.headers = {{"X-Trace", "0a1b2c3d"}, {"Cookie", "theme=dark; session=admin"}, {"Content-Type", "application/json"}};
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-parameter /cookie/session"});
}

TEST_CASE("request checks: a form body read by its schema, fields typed by their properties") {
  auto f = load();
  SentRequest r{"POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
                "user=ada+l&remember=true&attempts=2&scopes=read&scopes=write"};
  CHECK(f.contract->check(r).empty());
  r.body = "user=a&remember=maybe&attempts=9&scopes=read&scopes=admin&extra=%41";
  CHECK(wheres(f.contract->check(r)) ==
        std::vector<std::string>{"request-body /body/user", "request-body /body/remember", "request-body /body/attempts",
                                 "request-body /body/scopes/1", "request-body /body/extra"});
  r.body = "user=ada";
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-body /body"});
}

TEST_CASE("request checks: credentials for one of the security alternatives") {
  auto f = load();
  SentRequest r{"GET", "/admin/1", {}, ""};
  auto found = f.contract->check(r);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "request-security");
  CHECK(found[0].where == "/header/Authorization");
  CHECK(found[0].message == "no credentials for its security requirements: bearer, key, session");
  r.headers = {{"Authorization", "Bearer t"}};
  CHECK(f.contract->check(r).empty());
  r.headers = {{"Authorization", "Basic dTpw"}};  // another scheme than the one asked for
  CHECK(f.contract->check(r).size() == 1);
  r = {"GET", "/admin/1?api_key=k", {{"Cookie", "sid=1"}}, ""};  // both parts of the second alternative
  CHECK(f.contract->check(r).empty());
  r = {"GET", "/admin/1?api_key=k", {}, ""};  // only half of it
  CHECK(wheres(f.contract->check(r)) == std::vector<std::string>{"request-security /header/Authorization"});
}

namespace {

std::string multipart_body(const std::vector<std::string>& parts) {
  std::string body = "preamble, ignored\r\n";
  for (const auto& p : parts) body += "--XyZ\r\n" + p + "\r\n";
  return body + "--XyZ--\r\nepilogue";
}

}  // namespace

TEST_CASE("multipart bodies: parts with names, file names, types and bytes") {
  auto parts = parse_multipart("multipart/form-data; boundary=\"XyZ\"",
                               multipart_body({"Content-Disposition: form-data; name=\"title\"\r\n\r\nA\r\nB",
                                               "Content-Disposition: form-data; name=\"file\"; filename=\"a;b.png\"\r\n"
                                               "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZnot-a-boundary-line"}));
  REQUIRE(parts);
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].name == "title");
  CHECK((*parts)[0].body == "A\r\nB");
  CHECK_FALSE((*parts)[0].filename);
  CHECK((*parts)[1].filename == "a;b.png");
  CHECK((*parts)[1].content_type == "image/png");
  CHECK((*parts)[1].body == "\x89PNG\r\n--XyZnot-a-boundary-line");

  CHECK(parse_multipart("multipart/form-data", "--a\r\n\r\n--a--").error().message.find("boundary") != std::string::npos);
  CHECK(parse_multipart("multipart/form-data; boundary=a", "--a\r\nContent-Disposition: form-data; name=x\r\n\r\nv")
            .error().message.find("no closing boundary") != std::string::npos);
  CHECK(parse_multipart("multipart/form-data; boundary=a", "--a\r\nX-A: 1\r\n\r\nv\r\n--a--")
            .error().message.find("part 1 has no Content-Disposition name") != std::string::npos);
  CHECK(parse_multipart("multipart/form-data; boundary=a", "no delimiter at all").error().message.find("no boundary line") !=
        std::string::npos);
  auto empty = parse_multipart("multipart/form-data; boundary=a", "--a--\r\n");
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("request checks: a multipart body read by its schema and its encoding object") {
  auto f = load();
  const std::string type = "multipart/form-data; boundary=XyZ";
  SentRequest r{"POST", "/uploads", {{"Content-Type", type}},
                multipart_body({"Content-Disposition: form-data; name=\"title\"\r\n\r\nholiday",
                                "Content-Disposition: form-data; name=\"copies\"\r\n\r\n2",
                                "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
                                "{\"owner\":\"ada\"}",
                                "Content-Disposition: form-data; name=\"tags\"\r\n\r\nsea",
                                "Content-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\n"
                                "Content-Type: image/png\r\n\r\n\x89PNG"})};
  CHECK(wheres(f.contract->check(r)).empty());

  // Every kind of wrong part: too long, not an integer, an object missing a member, a file of a
  // type the encoding object does not allow.
  r.body = multipart_body({"Content-Disposition: form-data; name=\"title\"\r\n\r\na much too long title",
                           "Content-Disposition: form-data; name=\"copies\"\r\n\r\nzero",
                           "Content-Disposition: form-data; name=\"meta\"\r\n\r\n{}",
                           "Content-Disposition: form-data; name=\"file\"; filename=\"p.gif\"\r\n"
                           "Content-Type: image/gif\r\n\r\nGIF89a"});
  CHECK(wheres(f.contract->check(r)) ==
        std::vector<std::string>{"request-media-type /body/file", "request-body /body/title", "request-body /body/copies",
                                 "request-body /body/meta"});

  // A JSON part that is not JSON, a required part missing.
  r.body = multipart_body({"Content-Disposition: form-data; name=\"title\"\r\n\r\nok",
                           "Content-Disposition: form-data; name=\"meta\"\r\n\r\n{owner"});
  CHECK(wheres(f.contract->check(r)) ==
        std::vector<std::string>{"request-malformed /body/meta", "request-body /body/meta", "request-body /body"});

  r.body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nunterminated";
  auto malformed = f.contract->check(r);
  REQUIRE(malformed.size() == 1);
  CHECK(malformed[0].kind == "request-malformed");
  CHECK(malformed[0].message == "the multipart body is malformed: no closing boundary '--XyZ--'");
}
