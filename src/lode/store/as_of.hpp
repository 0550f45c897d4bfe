#pragma once
// The past rebuilt from the history (--as-of), the same for every backend: the backend finds the
// changes made to a row after a time and undoes them here, newest first, on the row as it is now.
#include "lode/schema/feature.hpp"
#include "lode/schema/layer_kind.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lode {

// Turns state, the row after one recorded change (nullopt: no row), into the row before it.
// action is the change's (insert, update, delete); old_columns the columns it changed with their
// values before (a delete: the whole row; else null); old_wkb the geometry before, when it
// changed the geometry. An update of a row that is gone with no delete recorded leaves nothing
// to rebuild from: the state stays nullopt.
void undo_change(std::optional<Feature>& state, const LayerKind& kind, const std::string& action,
                 const nlohmann::json& old_columns, const std::vector<unsigned char>* old_wkb);

} // namespace lode
