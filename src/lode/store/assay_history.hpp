#pragma once
// Assay results in the change history (store model 10), the same for every backend: the results
// as they were at a past time (--as-of), rebuilt from the backend's current results and the
// changes recorded since, as as_of.hpp rebuilds features.
#include "lode/store/store.hpp"

#include <nlohmann/json.hpp>

#include <functional>

namespace lode {

// The results of query as they were at *query.as_of: the current ones with each change to
// assay_results recorded after that time undone, newest first (an insert removes the result, a
// delete brings back its old image, an update its old columns); visited as read_assays visits
// (by sample, then by number). Reads the layer's results whole.
void read_assays_as_of(Store& store, const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit);

// Sets the columns of a history row image (the JSON of an assay_results row, whole or some
// columns) on record; Error naming the result when a unit or qualifier is not lode's.
void apply_assay_image(AssayRecord& record, const nlohmann::json& image);

} // namespace lode
