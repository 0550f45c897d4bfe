#pragma once
// Deleting features and undoing an import, the same for every backend: which features go, and
// what an undo restores, decided here from the Store's reads and its history (like --as-of in
// as_of.hpp); each in one write transaction, which the history records.
#include "lode/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// Which features of a layer a delete removes: the ids given, those a filter (Setting::where) holds
// for, or those an import inserted (and the layer still holds) — one of the three — of one project
// when given.
struct DeleteRequest {
    std::string layer;
    std::vector<std::string> ids;
    std::string where;
    BelowLimit below_limit = BelowLimit::half;   // what an analyte's result below its detection limit counts as in where
    std::optional<std::int64_t> import;
    std::optional<std::string> project;
    bool dry_run = false;   // only say what would go; nothing is written
};

struct FeatureRef {
    std::string id, project;
};

struct DeleteReport {
    std::string layer;
    std::vector<FeatureRef> features;   // deleted (or that would be, in a dry run), in the layer's order
    bool dry_run = false;
};

// Throws NotFound naming every id the layer lacks (or holds in another project), with the closest
// ids; nothing is deleted then.
DeleteReport delete_features(Store& store, const DeleteRequest& request);

struct UndoReport {
    ImportRecord import;
    std::vector<std::string> removed;    // ids of the features it inserted, now deleted
    std::vector<std::string> restored;   // ids of the features it updated, now as they were before it
    std::int64_t results_removed = 0;    // assay results it added, now deleted
    std::int64_t results_restored = 0;   // assay results it replaced, now back
    std::vector<std::string> qc_removed; // ids of the QC samples it added, now deleted
    bool dry_run = false;
};

// Reverses the import (ImportRecord::id): removes what it inserted and writes back the old images
// of what it updated, from the history, and notes the import as undone. Its assay results and QC
// samples too (store model 10): those it added removed, those it replaced written back. Refused (InputError) when
// it was undone already, or when later changes touched any of its features, results or QC samples
// (naming up to five and the count); NotFound for a number the imports log lacks.
UndoReport undo_import(Store& store, std::int64_t import, bool dry_run = false);

} // namespace lode
