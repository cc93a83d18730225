#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/replay/curl_command_reader.hpp"
#include "core/replay/curl_data.hpp"
#include "core/replay/curl_form.hpp"
#include "core/replay/shell_script.hpp"

using namespace sonde::replay;

namespace {

sonde::Result<ReadResult> curl(std::string_view line) { return parse_curl_command(line, "--curl"); }

sonde::Result<ReadResult> curl_with_stdin(std::string_view line, std::string input) {
  CurlInputs inputs;
  inputs.read_stdin = [input]() -> sonde::Result<std::string> { return input; };
  return parse_curl_command(line, "--curl", &inputs);
}

std::string error_of(const sonde::Result<ReadResult>& r) { return r ? std::string("(parsed)") : r.error().message; }

// A scratch file in the test's working directory, removed at the end of the scope.
struct TempFile {
  std::string path;
  TempFile(std::string name, std::string_view text) : path(std::move(name)) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("curl options: unambiguous abbreviations, --no-, unknown and unsupported names", "[replay][curl]") {
  auto r = curl("curl --sil --no-location --compressed --insec http://x.test/");
  REQUIRE(r);
  CHECK((r->requests[0].transport.decode_compressed && r->requests[0].transport.insecure));
  CHECK(error_of(curl("curl --compre x.test")) == "ambiguous curl option '--compre'");
  CHECK_FALSE(r->requests[0].transport.follow_redirects);
  CHECK(error_of(curl("curl --s http://x.test/")) == "ambiguous curl option '--s'");
  CHECK(error_of(curl("curl --frobnicate http://x.test/")) == "unknown curl option '--frobnicate'");
  CHECK(error_of(curl("curl --aws-sigv4 aws:amz http://x.test/")) == "unsupported curl option '--aws-sigv4'");
  CHECK(error_of(curl("curl -sB http://x.test/")) == "unsupported curl option '-B'");
  auto quiet = curl("curl -sSv -o out.txt -w '%{http_code}' -m 5 --connect-timeout 2 --retry 3 --http2 -i x.test");
  REQUIRE(quiet);
  REQUIRE(quiet->warnings.size() == 1);
  CHECK(quiet->warnings[0].find("ignored -s, -S, -v, -o, -w, -m, --connect-timeout, --retry, -i") !=
        std::string::npos);
}

TEST_CASE("curl URL: no scheme means http, -T appends the file name, several URLs", "[replay][curl]") {
  CHECK(curl("curl localhost:8080/x")->requests[0].url == "http://localhost:8080/x");
  CHECK(curl("curl https://h.test")->requests[0].url == "https://h.test");
  TempFile file("curl-upload.txt", "up\n");
  auto up = curl("curl -T curl-upload.txt http://h.test");
  REQUIRE(up);
  CHECK(up->requests[0].method == "PUT");
  CHECK(up->requests[0].url == "http://h.test/curl-upload.txt");
  CHECK(up->requests[0].body == "up\n");
  CHECK(curl("curl -T curl-upload.txt 'http://h.test/d/?q=1'")->requests[0].url == "http://h.test/d/curl-upload.txt?q=1");
  CHECK(curl("curl -T curl-upload.txt http://h.test/name")->requests[0].url == "http://h.test/name");
  auto two = curl("curl -d a=1 http://h.test/1 h.test/2 --next -X DELETE h.test/3");
  REQUIRE(two);
  REQUIRE(two->requests.size() == 3);
  CHECK(two->requests[1].body == "a=1");
  CHECK(two->requests[2].method == "DELETE");
  CHECK(two->requests[2].body.empty());
}

TEST_CASE("curl data: form type after -H headers, removal, --json, conflicts", "[replay][curl]") {
  auto r = curl("curl -H 'X-A: 1' -d a=1 -d b=2 http://h.test/");
  REQUIRE(r);
  const Headers want{{"X-A", "1"}, {"Content-Length", "7"}, {"Content-Type", "application/x-www-form-urlencoded"}};
  REQUIRE(r->requests[0].headers.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(r->requests[0].headers[i].name == want[i].name);
    CHECK(r->requests[0].headers[i].value == want[i].value);
  }
  auto removed = curl("curl -H 'Content-Type:' -d a http://h.test/");
  REQUIRE(removed);
  CHECK_FALSE(header_value(removed->requests[0].headers, "Content-Type"));
  auto json = curl("curl --json '{\"a\":' --json '1}' http://h.test/");
  REQUIRE(json);
  CHECK(json->requests[0].body == "{\"a\":1}");
  CHECK(header_value(json->requests[0].headers, "Accept") == "application/json");
  CHECK(error_of(curl("curl -d a -F b=1 http://h.test/")).find("-d together with -F") != std::string::npos);
  // -X POST alone sends no body and no Content-Length (curl); -d '' sends Content-Length: 0.
  CHECK_FALSE(curl("curl -X POST h.test")->requests[0].transport.length_for_empty_body);
  CHECK(curl("curl -d '' h.test")->requests[0].transport.length_for_empty_body);
  CHECK_FALSE(curl("curl -X PUT -G -d a=1 h.test")->requests[0].transport.length_for_empty_body);
  CHECK(error_of(curl("curl -I -d a http://h.test/")).find("-I together with") != std::string::npos);
}

TEST_CASE("curl --data-urlencode: the five forms, and -G and --url-query", "[replay][curl]") {
  TempFile file("curl-enc.txt", "x=1 &\n");
  auto r = curl("curl --data-urlencode 'a b' --data-urlencode '=c d' --data-urlencode 'n=e&f' "
                "--data-urlencode @curl-enc.txt --data-urlencode m@curl-enc.txt http://h.test/");
  REQUIRE(r);
  CHECK(r->requests[0].body == "a+b&c+d&n=e%26f&x%3D1+%26%0A&m=x%3D1+%26%0A");
  auto get = curl("curl -G -d a=1 --data-urlencode 'b=x y' --url-query 'c=1 2' --url-query '+d=%20' 'http://h.test/p?x&'");
  REQUIRE(get);
  CHECK(get->requests[0].method == "GET");
  CHECK(get->requests[0].url == "http://h.test/p?x&c=1+2&d=%20&a=1&b=x+y");
  // --url-query writes its escapes in lower case, as curl does.
  CHECK(curl("curl --url-query n@curl-enc.txt h.test")->requests[0].url == "http://h.test?n=x%3d1+%26%0a");
  CHECK(curl_form_escape("~a-b_c.d*", false) == "~a-b_c.d%2A");
  // A data file curl cannot read sends nothing from it, with a warning (curl exits 0 there too).
  auto missing = curl("curl -d @no-such-file -d x --data-urlencode n@no-such-file --url-query q@no-such-file h.test");
  REQUIRE(missing);
  CHECK(missing->requests[0].body == "&x");
  CHECK(missing->requests[0].url == "http://h.test");
  CHECK(missing->warnings.size() == 3);
}

TEST_CASE("curl -F: files, <files, quoted words, type, filename, headers, --form-string", "[replay][curl]") {
  TempFile file("curl-part.txt", "hello\n");
  CurlState s;
  auto text = parse_curl_form(s, "a=\"x;y\";type=text/z", false, "-F", "w");
  REQUIRE(text);
  CHECK(text->data == "x;y");
  CHECK(text->content_type == "text/z");
  auto at = parse_curl_form(s, "f=@\"curl-part.txt\";filename=\"q w.bin\";headers=\"X-P: 1\"", false, "-F", "w");
  REQUIRE(at);
  CHECK(at->data == "hello\n");
  CHECK(at->filename == "q w.bin");
  CHECK(at->content_type == "text/plain");  // guessed from the file read, as curl does
  REQUIRE(at->extra_headers.size() == 1);
  CHECK(at->extra_headers[0].value == "1");
  auto lt = parse_curl_form(s, "g=<curl-part.txt", false, "-F", "w");
  REQUIRE(lt);
  CHECK_FALSE(lt->filename);
  CHECK_FALSE(lt->content_type);
  auto literal = parse_curl_form(s, "i=@x;type=y", true, "--form-string", "w");
  REQUIRE(literal);
  CHECK(literal->data == "@x;type=y");
  auto dropped = parse_curl_form(s, "a=hello;world", false, "-F", "w");
  REQUIRE(dropped);
  CHECK(dropped->data == "hello");
  CHECK(s.warnings.size() == 1);
  CHECK(parse_curl_form(s, "t=x;", false, "-F", "w")->data == "x");
  CHECK(s.warnings.size() == 1);
  CHECK(curl_mime_type_for("PIC.JPG") == "image/jpeg");
  CHECK(curl_mime_type_for("x.bin").empty());
  CHECK_FALSE(parse_curl_form(s, "novalue", false, "-F", "w"));
  CHECK_FALSE(parse_curl_form(s, "f=@missing-file.txt", false, "-F", "w"));
  auto custom = curl("curl -H 'Content-Type: multipart/form-data' -F a=1 http://h.test/");
  REQUIRE(custom);
  const Headers& h = custom->requests[0].headers;
  REQUIRE(h.size() == 2);
  CHECK(h[0].name == "Content-Length");
  CHECK(h[1].value.starts_with("multipart/form-data; boundary=------------------------"));
}

TEST_CASE("curl stdin: @-, -T -, read once, missing stdin names the option", "[replay][curl]") {
  auto r = curl_with_stdin("curl -d @- -d x --data-binary @- http://h.test/", "a\r\nb\n");
  REQUIRE(r);
  CHECK(r->requests[0].body == "ab&x&");
  auto binary = curl_with_stdin("curl --data-binary @- http://h.test/", "a\r\nb\n");
  CHECK(binary->requests[0].body == "a\r\nb\n");
  auto put = curl_with_stdin("curl -T - http://h.test/u", "bytes");
  CHECK(put->requests[0].url == "http://h.test/u");
  CHECK(put->requests[0].body == "bytes");
  auto none = curl("curl -d @- http://h.test/");
  REQUIRE_FALSE(none);
  CHECK(none.error().message.find("-d reads standard input") == 0);
}

TEST_CASE("curl auth, cookies and transport options go to libcurl's own options", "[replay][curl]") {
  auto r = curl("curl -u u:p -A ua -e 'http://r/;auto' -b 'a=b' -b jar.txt -c out.txt -k --cacert ca.pem "
                "--cert c.pem --key k.pem -x http://p:1 -U pu:pp -L h.test");
  REQUIRE(r);
  const Transport& t = r->requests[0].transport;
  CHECK(t.auth == Transport::Auth::basic);
  CHECK(t.credentials == "u:p");
  CHECK(t.user_agent == "ua");
  CHECK(t.referer == "http://r/");
  CHECK(t.cookie == "a=b");
  CHECK(t.cookie_files == std::vector<std::string>{"jar.txt"});
  CHECK(t.cookie_jar == "out.txt");
  CHECK((t.insecure && t.follow_redirects));
  CHECK(t.ca_file == "ca.pem");
  CHECK(t.client_cert == "c.pem");
  CHECK(t.client_key == "k.pem");
  CHECK(t.proxy == "http://p:1");
  CHECK(t.proxy_credentials == "pu:pp");
  CHECK(r->requests[0].headers.empty());
  CHECK(curl("curl --oauth2-bearer T -u u:p h.test")->requests[0].transport.auth == Transport::Auth::bearer);
  CHECK(curl("curl -u u:p --oauth2-bearer T --digest h.test")->requests[0].transport.auth == Transport::Auth::digest);
  CHECK(curl("curl -u u:p --ntlm h.test")->requests[0].transport.auth == Transport::Auth::ntlm);
  CHECK(curl("curl -r 600 h.test")->requests[0].transport.range == "600-");
}

TEST_CASE("shell commands: separators, comments, pipes, redirections and here-documents", "[replay][curl]") {
  auto c = split_shell_commands("echo a | curl x 2>&1 >/dev/null && curl y # note\ncurl 'z;|'; curl w <<'EOF'\n"
                                "line 1\nEOF\ncurl v <<< word\ncurl u < in.txt",
                                "s");
  REQUIRE(c);
  REQUIRE(c->size() == 7);
  CHECK((*c)[1].piped);
  CHECK((*c)[1].words == std::vector<std::string>{"curl", "x"});
  CHECK((*c)[2].words == std::vector<std::string>{"curl", "y"});
  CHECK((*c)[3].words == std::vector<std::string>{"curl", "z;|"});
  CHECK((*c)[4].input == ShellCommand::Input::text);
  CHECK((*c)[4].input_value == "line 1\n");
  CHECK((*c)[5].input_value == "word\n");
  CHECK((*c)[6].input == ShellCommand::Input::file);
  CHECK((*c)[6].input_value == "in.txt");
  auto joined = split_shell_commands("curl \\\n  -H 'A: b' \\\n  http://x", "s");
  REQUIRE(joined);
  CHECK((*joined)[0].words == std::vector<std::string>{"curl", "-H", "A: b", "http://x"});
  auto script = curl("echo hi\ncurl h.test/1\ncurl h.test/2 --data-binary @- <<X\nbody\nX\n");
  REQUIRE(script);
  REQUIRE(script->requests.size() == 2);
  CHECK(script->requests[1].body == "body\n");
  CHECK(script->warnings.back().find("skipped echo") != std::string::npos);
  // bash: `<<< $UNSET` feeds "\n"; `< $UNSET` is an ambiguous redirect and runs nothing.
  ShellExpansion none{[](const std::string&) { return std::optional<std::string>(); }, {}};
  auto here = split_shell_commands("curl x <<< $UNSET", "s", &none);
  REQUIRE(here);
  CHECK((*here)[0].input_value == "\n");
  CHECK_FALSE(split_shell_commands("curl x < $UNSET", "s", &none));
}

TEST_CASE("curl: $NAME expands from the given environment as in bash; unset is empty and reported", "[replay][curl]") {
  CurlInputs inputs;
  inputs.environment = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TOKEN") return "t 1";
    return std::nullopt;
  };
  auto r = parse_curl_command("curl -H \"Authorization: Bearer $TOKEN\" -H 'X-Literal: $TOKEN' $UNSET "
                              "-d \"${TOKEN}x$MISSING\" h.test",
                              "--curl", &inputs);
  REQUIRE(r);
  const Request& q = r->requests[0];
  CHECK(header_value(q.headers, "Authorization") == "Bearer t 1");
  CHECK(header_value(q.headers, "X-Literal") == "$TOKEN");
  CHECK(q.body == "t 1x");
  REQUIRE(r->warnings.size() == 2);
  CHECK(r->warnings[0] == "--curl: $UNSET is not set; it expands to nothing, as in the shell");
  // Without an environment (a file, a test) the text stays as written.
  CHECK(header_value(curl("curl -H \"A: $TOKEN\" h.test")->requests[0].headers, "A") == "$TOKEN");
}
