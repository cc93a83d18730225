// Rules about whole operations: removed, added, deprecated, renamed, documented.
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace endpoints_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Rule k_rules[] = {
    {"operation-removed", error, Direction::request, "An operation was removed", Fact::operation_removed,
     Area::operation, When::no, "operation removed"},
    {"operation-removed-after-sunset", info, Direction::request,
     "A deprecated operation was removed after its x-sunset date", Fact::operation_removed, Area::operation, When::yes,
     "deprecated operation removed after its sunset date"},
    {"operation-added", info, Direction::request, "An operation was added", Fact::operation_added, Area::operation,
     When::any, "operation added"},
    {"operation-deprecated", info, Direction::request, "An operation was marked deprecated",
     Fact::operation_deprecated, Area::operation, When::any, "operation deprecated"},
    {"operation-id-changed", warning, Direction::request,
     "The operationId changed (generated clients rename the method)", Fact::operation_id_changed, Area::operation,
     When::any, "operationId changed"},
    {"operation-docs-changed", info, Direction::request, "The summary or description of an operation changed",
     Fact::operation_docs_changed, Area::operation, When::any, "summary or description changed"},
};
}  // namespace endpoints_table

std::span<const Rule> endpoints() { return endpoints_table::k_rules; }

}  // namespace sonde::diff::rules
