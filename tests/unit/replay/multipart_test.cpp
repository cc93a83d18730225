#include <catch2/catch.hpp>

#include "core/replay/multipart.hpp"

using namespace sonde::replay;

TEST_CASE("multipart: a field and a file part, byte for byte") {
  std::vector<MultipartPart> parts{{"name", std::nullopt, std::nullopt, "Ada", {}},
                                   {"doc", "a \"b\".txt", "text/plain", "line1\nline2", {}}};
  std::string body = encode_multipart(parts, "XYZ");
  CHECK(body ==
        "--XYZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n"
        "--XYZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a %22b%22.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\nline1\nline2\r\n"
        "--XYZ--\r\n");
  CHECK(multipart_content_type("XYZ") == "multipart/form-data; boundary=XYZ");
}

TEST_CASE("multipart: the boundary is reproducible, curl-shaped and absent from the data") {
  std::vector<MultipartPart> parts{{"a", std::nullopt, std::nullopt, "x", {}}};
  std::string b = multipart_boundary(parts);
  CHECK(b == multipart_boundary(parts));
  CHECK(b.size() == 46);
  CHECK(b.starts_with(std::string(24, '-')));
  // Data made of boundary-like text never contains the chosen boundary.
  std::vector<MultipartPart> hostile{{"a", std::nullopt, std::nullopt, "--" + b + "\r\n--" + b + "--", {}}};
  std::string chosen = multipart_boundary(hostile);
  CHECK(hostile[0].data.find(chosen) == std::string::npos);
}
