#pragma once
// The past rebuilt from the history (--as-of), the same for every backend: the backend finds the
// changes made to a row after a time and undoes them here, newest first, on the row as it is now.
// Also the check of a lean reading that every backend's scan makes.
#include "lode/schema/feature.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/store/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
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

// A scan --as-of, the same for every backend: the rows changed since as_of rebuilt (by fid;
// nullopt: not there then) merged in fid order with the rows unchanged since, read as they are now.
// next_fid steps the backend's current rows of the selection (without as_of) in fid order and gives
// the row's fid (nullopt at the end); current reads that row whole. A rebuilt row is visited when
// it is in the selection (its project; its geometry's box meets the selection's). visit returns false
// to stop.
void merge_as_of(const std::map<std::int64_t, std::optional<Feature>>& changed, const Selection& selection,
                 const std::function<std::optional<std::int64_t>()>& next_fid, const std::function<Feature()>& current,
                 const std::function<bool(const Feature&)>& visit);

// The reading's members of row taken from a whole feature (a scan --as-of, rebuilt from the history).
void fill_from_feature(const Feature& f, const LayerKind& kind, const Reading& reading, ScanRow& row);

// A lean reading checked against the layer's kind, as every backend's scan checks it first: its text
// field a field of the kind, a point reading of a layer of points, its numbers numeric fields
// (InputError naming the layer and the field).
void check_reading(const LayerKind& kind, const Reading& reading);

} // namespace lode
