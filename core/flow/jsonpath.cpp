// INTERIM (replaced by the RFC 9535 evaluator from feat/jsonpath before landing): names,
// indices and wildcards only, so the rest of sonde test can be built and tested meanwhile.
#include "core/flow/jsonpath.hpp"

namespace sonde::flow {

namespace {
struct Step {
  bool wildcard = false;
  bool index = false;
  long long i = 0;
  std::string name;
};
std::vector<Step> steps_of(const std::string& text) {
  std::vector<Step> steps;
  std::size_t p = 1;
  while (p < text.size()) {
    Step s;
    if (text[p] == '.') {
      ++p;
      if (p < text.size() && text[p] == '*') {
        s.wildcard = true;
        ++p;
      } else {
        while (p < text.size() && text[p] != '.' && text[p] != '[') s.name += text[p++];
      }
    } else if (text[p] == '[') {
      auto close = text.find(']', p);
      std::string inner = text.substr(p + 1, close - p - 1);
      p = close + 1;
      if (inner == "*") s.wildcard = true;
      else if (!inner.empty() && (inner[0] == '\'' || inner[0] == '"')) s.name = inner.substr(1, inner.size() - 2);
      else {
        s.index = true;
        s.i = std::stoll(inner);
      }
    } else {
      break;
    }
    steps.push_back(s);
  }
  return steps;
}
}  // namespace

Result<JsonPath> JsonPath::parse(std::string_view text) {
  if (text.empty() || text[0] != '$') return fail(ErrorKind::invalid_input, "JSONPath: must start with '$' at column 1");
  JsonPath p;
  p.text_ = std::string(text);
  return p;
}

std::vector<const nlohmann::json*> JsonPath::select(const nlohmann::json& root) const {
  std::vector<const nlohmann::json*> nodes{&root};
  for (const auto& s : steps_of(text_)) {
    std::vector<const nlohmann::json*> next;
    for (const auto* n : nodes) {
      if (s.wildcard) {
        for (const auto& c : *n) next.push_back(&c);
      } else if (s.index && n->is_array()) {
        long long i = s.i < 0 ? static_cast<long long>(n->size()) + s.i : s.i;
        if (i >= 0 && i < static_cast<long long>(n->size())) next.push_back(&(*n)[static_cast<std::size_t>(i)]);
      } else if (!s.index && n->is_object() && n->contains(s.name)) {
        next.push_back(&(*n)[s.name]);
      }
    }
    nodes = std::move(next);
  }
  return nodes;
}

bool JsonPath::singular() const { return text_.find('*') == std::string::npos; }
const std::string& JsonPath::text() const { return text_; }

}  // namespace sonde::flow
