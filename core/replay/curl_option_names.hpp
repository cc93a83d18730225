#pragma once
/// The names of curl's own options (curl 7.88), whether or not sonde acts on them: long names,
/// short letters and whether each takes a value. Used to split a command line into options the
/// way curl does, including unambiguous abbreviations of long names ("--sil" is --silent).
#include <string_view>

namespace sonde::replay {

struct CurlOptionName {
  std::string_view name;  ///< long name without "--"
  char short_name;        ///< 0 when there is none
  bool takes_value;
};

struct LongLookup {
  const CurlOptionName* option = nullptr;  ///< set when exactly one option matched
  int matches = 0;                         ///< 0: unknown; more than 1: ambiguous abbreviation
};

/// The option `name` names, exactly or as an unambiguous prefix (curl's rule).
LongLookup find_curl_long(std::string_view name);

/// The option of the short letter `c`, if curl has one.
const CurlOptionName* find_curl_short(char c);

}  // namespace sonde::replay
