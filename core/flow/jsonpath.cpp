#include "core/flow/jsonpath.hpp"

#include <algorithm>

#include "core/flow/jsonpath_eval.hpp"
#include "core/flow/jsonpath_parser.hpp"

namespace sonde::flow {

bool jsonpath::Query::singular() const {
  return std::all_of(segments.begin(), segments.end(), [](const Segment& seg) {
    if (seg.descendant || seg.selectors.size() != 1) return false;
    const auto kind = seg.selectors.front().kind;
    return kind == Selector::Kind::name || kind == Selector::Kind::index;
  });
}

JsonPath::JsonPath(std::string text, std::shared_ptr<const jsonpath::Query> query)
    : text_(std::move(text)), query_(std::move(query)) {}

Result<JsonPath> JsonPath::parse(std::string_view text) {
  auto query = jsonpath::parse_query(text);
  if (!query) return std::unexpected(query.error());
  return JsonPath(std::string(text), std::make_shared<const jsonpath::Query>(std::move(*query)));
}

std::vector<const nlohmann::json*> JsonPath::select(const nlohmann::json& root) const {
  return jsonpath::evaluate(*query_, root, root);
}

bool JsonPath::singular() const { return query_->singular(); }

}  // namespace sonde::flow
