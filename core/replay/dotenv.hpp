#pragma once
/// `.env` files as the dotenv package reads them (REST Client's `{{$dotenv NAME}}`, httpyac's
/// environment): `KEY=value` lines, `export ` prefixes, `#` comments, '…' and "…" quoting.
#include <map>
#include <string>
#include <string_view>

namespace sonde::replay {

/// The variables of one .env text; lines that are not `KEY=value` are ignored, as dotenv does.
std::map<std::string, std::string> parse_dotenv(std::string_view text);

}  // namespace sonde::replay
