#include <catch2/catch.hpp>

#include "cli/test_transfer_flags.hpp"
#include "core/flow/entry_options.hpp"

using namespace sonde;

// Every flag reaches the [Options] handler of its name, and means what the option means.
TEST_CASE("sonde test: each transfer flag is read by its [Options] handler", "[cli][test]") {
  cli::TransferFlags f;
  f.connect_timeout = "3";  // a bare number on a command line: seconds
  f.delay = "250";          // Hurl's --delay: milliseconds
  f.proxy = "http://127.0.0.1:3128";
  f.unix_socket = "/run/api.sock";
  f.user = "ada:pw";
  f.aws_sigv4 = "aws:amz:eu-west-1:s3";
  f.netrc_file = "/tmp/netrc";
  f.max_redirs = "4";
  f.limit_rate = "1000";
  f.resolve = {"a.test:80:127.0.0.1", "b.test:80:::1"};
  f.connect_to = {"a.test:80:b.test:8080"};
  f.compressed = f.path_as_is = f.ipv6 = f.http2 = true;
  auto e = flow::read_command_line_options(cli::given_options(f), flow::EntryOptions{});
  INFO((e ? std::string() : e.error().where + ": " + e.error().message));
  REQUIRE(e.has_value());
  CHECK(e->call.connect_timeout == std::chrono::seconds(3));
  CHECK(e->delay == std::chrono::milliseconds(250));
  CHECK(e->call.proxy == "http://127.0.0.1:3128");
  CHECK(e->call.unix_socket == "/run/api.sock");
  CHECK(e->call.user == "ada:pw");
  CHECK(e->call.aws_sigv4 == "aws:amz:eu-west-1:s3");
  CHECK(e->call.netrc_file == "/tmp/netrc");
  CHECK(e->call.max_redirs == 4);
  CHECK(e->call.limit_rate == 1000);
  CHECK(e->call.resolve == std::vector<std::string>{"a.test:80:127.0.0.1", "b.test:80:::1"});
  CHECK(e->call.connect_to == std::vector<std::string>{"a.test:80:b.test:8080"});
  CHECK(e->call.compressed);
  CHECK(e->call.path_as_is);
  CHECK(e->call.ip_version == 6);
  CHECK(e->call.http_version == flow::HttpVersion::http2);

  cli::TransferFlags netrc;
  netrc.netrc_optional = true;
  netrc.http10 = true;
  netrc.ipv4 = true;
  auto n = flow::read_command_line_options(cli::given_options(netrc), flow::EntryOptions{});
  REQUIRE(n.has_value());
  CHECK(n->call.netrc == flow::Netrc::optional);
  CHECK(n->call.http_version == flow::HttpVersion::http1_0);
  CHECK(n->call.ip_version == 4);
}

TEST_CASE("sonde test: a transfer flag with a value its option refuses names the flag", "[cli][test]") {
  cli::TransferFlags f;
  f.max_redirs = "many";
  auto e = flow::read_command_line_options(cli::given_options(f), flow::EntryOptions{});
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().kind == ErrorKind::usage);
  CHECK(e.error().where == "--max-redirs");
  CHECK_THAT(e.error().message, Catch::Contains("integer"));
}
