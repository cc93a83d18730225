#include <algorithm>
#include <catch2/catch.hpp>

#include "core/flow/entry_options.hpp"
#include "core/flow/request_builder.hpp"
#include "core/hurl/parser.hpp"

using namespace sonde;
using namespace sonde::flow;

// The parser refuses every option the runner cannot run, and accepts none it would then reject.
TEST_CASE("entry options: the parser's names and the runner's handlers agree", "[flow][options]") {
  auto parsed = hurl::supported_option_names();
  auto handled = handled_option_names();
  std::sort(parsed.begin(), parsed.end());
  std::sort(handled.begin(), handled.end());
  CHECK(parsed == handled);
}

namespace {

EntryOptions read(const std::string& options, Variables& vars) {
  auto file = hurl::parse("GET http://a.test/\n[Options]\n" + options, "o.hurl");
  INFO((file ? std::string() : file.error().where + ": " + file.error().message));
  REQUIRE(file.has_value());
  auto e = read_entry_options(file->entries.at(0).request, EntryOptions{}, vars, "o.hurl");
  REQUIRE(e.has_value());
  return *e;
}

}  // namespace

TEST_CASE("entry options: curl-mapped options read, in order, with variables", "[flow][options]") {
  Variables vars;
  vars.set("port", Value::of_int(8080));
  auto e = read("http1.1: true\nipv4: true\ncompressed: true\nconnect-timeout: 2500\nlimit-rate: 100\n"
                "resolve: a.test:{{port}}:127.0.0.1\nresolve: b.test:80:::1\nuser: bob:pw\nnetrc-optional: true\n"
                "output: out.json\nhttp2: false\n",
                vars);
  CHECK(e.call.http_version == HttpVersion::http1_1);  // http2: false takes back only its own choice
  CHECK(e.call.ip_version == 4);
  CHECK(e.call.compressed);
  CHECK(e.call.connect_timeout == std::chrono::milliseconds(2500));
  CHECK(e.call.limit_rate == 100);
  CHECK(e.call.resolve == std::vector<std::string>{"a.test:8080:127.0.0.1", "b.test:80:::1"});
  CHECK(e.call.netrc == Netrc::optional);
  CHECK(e.output == "out.json");

  OutgoingRequest request{"GET", "http://a.test/", {}, "", false, ""};
  const std::string curl = to_curl(request, Redactor(), e.call);
  CHECK(curl == "curl --connect-timeout 2.5 --http1.1 -4 --compressed --limit-rate 100 -u 'bob:***' --netrc-optional "
                "--resolve a.test:8080:127.0.0.1 --resolve b.test:80:::1 http://a.test/");
  CHECK(to_curl(request, Redactor::showing_all(), e.call).find("-u bob:pw") != std::string::npos);
}

TEST_CASE("entry options: bad values name the option and its place", "[flow][options]") {
  Variables vars;
  auto file = hurl::parse("GET http://a.test/\n[Options]\nipv6: maybe\n", "o.hurl");
  REQUIRE(file.has_value());
  auto e = read_entry_options(file->entries.at(0).request, EntryOptions{}, vars, "o.hurl");
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().message == "option 'ipv6' takes true or false");
  CHECK(e.error().where == "o.hurl:3:1");

  auto out = hurl::parse("GET http://a.test/\n[Options]\noutput: -\n", "o.hurl");
  INFO((out ? std::string() : out.error().where + ": " + out.error().message));
  REQUIRE(out.has_value());
  auto refused = read_entry_options(out->entries.at(0).request, EntryOptions{}, vars, "o.hurl");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("standard output") != std::string::npos);
}

TEST_CASE("entry options: cert takes FILE[:PASSPHRASE] as curl's --cert does", "[flow][options]") {
  Variables vars;
  auto e = read("cert: /etc/c.pem:s3cret:with-colon\nkey: /etc/k.pem\npinnedpubkey: sha256//AAAA\n", vars);
  CHECK(e.call.cert == "/etc/c.pem");
  CHECK(e.call.cert_password == "s3cret:with-colon");  // the first bare ':' starts the passphrase
  CHECK(e.call.key == "/etc/k.pem");
  CHECK(e.call.pinned_public_key == "sha256//AAAA");
  OutgoingRequest request{"GET", "https://a.test/", {}, "", false, ""};
  CHECK(to_curl(request, Redactor(), e.call) ==
        "curl --cert '/etc/c.pem:***' --key /etc/k.pem --pinnedpubkey sha256//AAAA https://a.test/");

  CallOptions escaped;
  set_certificate(escaped, R"(C\:\\certs\\c.pem)");
  CHECK(escaped.cert == R"(C:\certs\c.pem)");
  CHECK(escaped.cert_password.empty());
  // Printed back with its escapes, so that curl reads the same file name.
  CHECK(to_curl(request, Redactor(), escaped) == R"(curl --cert 'C\:\\certs\\c.pem' https://a.test/)");
  set_certificate(escaped, "plain.pem");
  CHECK(escaped.cert == "plain.pem");
}

TEST_CASE("curl line: credential-named body fields masked like headers", "[flow][options][security]") {
  OutgoingRequest login{"POST", "https://a.test/login", {{"Content-Type", "application/json"}},
                        R"({"user":"ann","password":"hunter2"})", true, ""};
  CHECK(to_curl(login, Redactor(), CallOptions{}) ==
        R"(curl -H 'Content-Type: application/json' --data-binary '{"user":"ann","password":"***"}' https://a.test/login)");
  CHECK(to_curl(login, Redactor::showing_all(), CallOptions{}).find("hunter2") != std::string::npos);
}
