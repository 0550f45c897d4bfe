#pragma once
// Copies of features taken from the store at a point of its history, written back later (a lode
// GeoPackage export edited in QGIS, then imported with updates): a feature changed in the store
// after the copy was taken is stale in the copy, and writing the copy over it would silently undo
// that change. The copy's position is the store's history position when it was read
// (Store::history_position: its last entry and, on a server, the transactions not yet committed
// then, whose entries are numbered below it and committed after; an export records both in its
// metadata with Store::history_began, which tells the store apart from another).
#include "lode/store/store.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lode {

// Of the copies of features of layer, those stale: changed in the store after the history position
// (Store::changes_after_position: after its entry, or committed after it) (inserted, deleted, or its project, fields or geometry updated: not an update of only
// imported_from and extra, which every update by import rewrites) and holding other values than the
// store's now (project, the kind's fields, the geometry; a copy equal to what the store holds now
// writes nothing back); each one's last change
// (who, when, the entry), by id. Inside a write transaction the rows are locked first
// (Store::lock_features), so that a change committed meanwhile by another writer is waited for and
// seen, and none made later can slip in before this transaction ends.
std::map<std::string, FeatureChange> stale_features(Store& store, const std::string& layer,
                                                    const std::vector<const Feature*>& copies, const HistoryPosition& position);

// "was changed in the store by alice at 2026-12-07 05:01:02 (history entry 41), after this copy was
// taken at entry 37" (an entry numbered at or below the position: "(history entry 36, committed
// after this copy was taken at entry 37)"): the reason a stale feature is refused.
std::string stale_reason(const FeatureChange& change, const HistoryPosition& position);

} // namespace lode
