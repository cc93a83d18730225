#pragma once
/// `sonde diff --traffic`: which changes would recorded clients feel? Each change counts the
/// recorded exchanges (HAR files) that touch what changed, matched to the base description's
/// operations: for a parameter, an exchange that sent it; for a property, an exchange whose body
/// on the change's side (request or response) holds a member of that name; for anything else, an
/// exchange of the operation. Changes no exchange touches may be demoted.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/diff/engine.hpp"

namespace sonde::diff {

/// Sets `hits` and `examples` on every change of `report`; with `demote`, a change with no hit
/// above that level is lowered to it (its detail says so). Errors: an unreadable or invalid HAR.
Result<void> weigh_by_traffic(std::span<const openapi::Document* const> bases, const std::vector<std::string>& hars,
                              std::optional<Level> demote, Report& report);

}  // namespace sonde::diff
