#pragma once
// Assay results in the change history (store model 10), the same for every backend: the results
// as they were at a past time (--as-of), rebuilt from the backend's current results and the
// changes recorded since, as as_of.hpp rebuilds features.
#include "lode/store/store.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace lode {

// Rebuilds a table's rows as they were before changes (the table's, oldest first, as
// Store::changes_since gives them): rows holds the current ones by key and gets the past ones, each
// change undone newest first: an insert removes its row, a delete brings back its old image, an
// update its old columns (a row gone with no delete recorded stays gone). key_of gives a change's
// key; apply(row, change) sets the row's columns from change.old_values.
template <typename Key, typename Row, typename KeyOf, typename Apply>
void undo_changes(std::map<Key, std::optional<Row>>& rows, const std::vector<FeatureChange>& changes, const KeyOf& key_of,
                  const Apply& apply)
{
    for (auto c = changes.rbegin(); c != changes.rend(); ++c) {
        auto& state = rows[key_of(*c)];
        if (c->action == "insert") {
            state.reset();
        } else if (c->action == "delete") {
            state.emplace();
            apply(*state, *c);
        } else if (state) {
            apply(*state, *c);
        }
    }
}

// The results of query as they were at *query.as_of: the current ones with each change to
// assay_results recorded after that time undone, newest first (an insert removes the result, a
// delete brings back its old image, an update its old columns); visited as read_assays visits
// (by sample, then by number). Reads the layer's results whole.
void read_assays_as_of(Store& store, const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit);

// Sets the columns of a history row image (the JSON of an assay_results row, whole or some
// columns) on record; Error naming the result when a unit or qualifier is not lode's.
void apply_assay_image(AssayRecord& record, const nlohmann::json& image);

} // namespace lode
