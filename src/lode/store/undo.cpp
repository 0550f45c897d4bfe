#include "lode/store/undo.hpp"
#include "lode/store/assay_values.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/schema/filter.hpp"
#include "lode/store/as_of.hpp"
#include "lode/store/assay_history.hpp"
#include "lode/store/register.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace lode {

namespace {

// "A, B, C, D, E and 3 more"
std::string some_of(const std::vector<std::string>& names, std::size_t shown = 5)
{
    if (names.size() <= shown)
        return join(names, ", ");
    return join(std::vector<std::string>(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown)), ", ") + " and " +
           std::to_string(names.size() - shown) + " more";
}

const ImportRecord& find_import(const std::vector<ImportRecord>& imports, std::int64_t number)
{
    for (const auto& record : imports)
        if (record.id == number)
            return record;
    throw NotFound("the imports log has no import " + std::to_string(number) +
                   (imports.empty() ? std::string(" (it is empty)")
                                    : " (imports " + std::to_string(imports.front().id) + " to " + std::to_string(imports.back().id) + ")"));
}

// The features with these ids, in the order given; NotFound naming those the layer lacks (or holds
// in another project than `project`), with the ids closest to the first.
std::vector<FeatureRef> named_features(Store& store, const std::string& layer, const std::vector<std::string>& ids,
                                       const std::optional<std::string>& project)
{
    std::vector<FeatureRef> found;
    std::vector<std::string> missing;
    std::set<std::string> seen;
    for (const auto& id : ids) {
        if (!seen.insert(id).second)
            continue;
        const auto feature = store.find_feature(layer, id);
        if (feature && (!project || feature->project == *project))
            found.push_back({feature->id, feature->project});
        else
            missing.push_back(id);
    }
    if (missing.empty())
        return found;
    std::vector<std::string> known;
    Selection selection;
    selection.project = project;
    Reading only_ids;
    only_ids.geometry = Reading::Geometry::none;
    store.scan(layer, selection, only_ids, [&](ScanRow& row) {
        known.push_back(row.id);
        return true;
    });
    std::vector<std::string> quoted;
    for (const auto& id : missing)
        quoted.push_back("'" + id + "'");
    throw NotFound("layer '" + layer + "' has no feature" + (missing.size() == 1 ? " " : "s ") + some_of(quoted) +
                   (project ? " in project " + *project : "") + "; nothing was deleted" + did_you_mean(missing.front(), known));
}

std::vector<FeatureRef> selected_features(Store& store, const DeleteRequest& request)
{
    if (!request.ids.empty())
        return named_features(store, request.layer, request.ids, request.project);
    std::vector<FeatureRef> out;
    Selection selection;
    selection.project = request.project;
    if (request.import) {
        const auto imports = store.imports();
        const ImportRecord& record = find_import(imports, *request.import);
        if (record.layer != request.layer)
            throw InputError("import " + std::to_string(record.id) + " (" + record.source + ") went into layer '" + record.layer +
                             "', not '" + request.layer + "'");
        const auto ids = store.inserted_by_import(request.layer, record.id);
        for (const auto& id : ids) {
            const auto feature = store.find_feature(request.layer, id);
            if (feature && (!request.project || feature->project == *request.project))
                out.push_back({feature->id, feature->project});
        }
        return out;
    }
    Filter filter = Filter::parse(request.where, store.layer_kind(request.layer), &store.commodities());
    bind_assay_values(filter, store, request.layer, request.below_limit);
    store.scan(request.layer, selection, Reading::features(), [&](ScanRow& scanned) {
        const Feature& feature = scanned.feature;
        if (filter.matches(feature))
            out.push_back({feature.id, feature.project});
        return true;
    });
    return out;
}

// Licences the register still speaks of (obligations, interests) are not deleted: their record
// would name a licence that is gone (and a copy of the store could not carry it). Throws for the
// first such licence of ids.
void require_no_register_record(Store& store, const std::string& layer, const std::vector<std::string>& ids)
{
    if (layer != licences_layer)
        return;
    Register& reg = store.the_register();
    for (const auto& id : ids) {
        const std::size_t obligations = reg.obligations(id, false).size();
        const std::size_t interests = reg.licence_interests(id).size();
        if (obligations + interests == 0)
            continue;
        std::vector<std::string> held;
        if (obligations)
            held.push_back(std::to_string(obligations) + (obligations == 1 ? " obligation" : " obligations"));
        if (interests)
            held.push_back(std::to_string(interests) + (interests == 1 ? " partner interest" : " partner interests"));
        throw InputError("licence '" + id + "' has " + join(held, " and ") +
                         " in the register: a licence given up is surrendered, which keeps its record, not deleted");
    }
}

// What undoing an import does to the assay results and QC samples it wrote (the changes it made
// to the tables assay_results and qc_samples, oldest first).
struct AssayUndo {
    std::vector<std::int64_t> remove;    // numbers of the results it added
    std::vector<AssayRecord> restore;    // the results it deleted (replaced), as they were
    std::vector<std::string> qc_remove;  // ids of the QC samples it added
    std::set<std::int64_t> rows;         // every result it touched
    std::set<std::string> qc_keys;       // every QC sample it touched (LAYER/ID)
    std::int64_t last = 0;               // its last change to either
};

AssayUndo assay_undo(const std::vector<FeatureChange>& changes, const std::string& layer, const std::string& name)
{
    AssayUndo out;
    std::map<std::int64_t, std::vector<const FeatureChange*>> results;
    std::vector<std::int64_t> order;
    for (const auto& c : changes) {
        if (c.layer == "assay_results") {
            auto& list = results[c.row];
            if (list.empty())
                order.push_back(c.row);
            list.push_back(&c);
            out.rows.insert(c.row);
        } else if (c.layer == "qc_samples") {
            if (c.action == "insert" && out.qc_keys.insert(c.key).second)
                out.qc_remove.push_back(c.key.substr(std::min(c.key.size(), layer.size() + 1)));
            else if (c.action != "insert")
                throw Error(name + ": it changed QC sample '" + c.key + "', which an undo cannot take back");
        } else {
            continue;
        }
        out.last = std::max(out.last, c.entry);
    }
    for (const auto row : order) {
        const auto& list = results[row];
        const std::string& first = list.front()->action;
        if (first == "insert" && list.back()->action == "delete")
            continue;   // added and replaced by the import itself
        if (first == "insert") {
            out.remove.push_back(row);
        } else if (first == "delete" && list.size() == 1) {
            AssayRecord was;
            was.id = row;
            apply_assay_image(was, list.front()->old_values);
            out.restore.push_back(std::move(was));
        } else {
            throw Error(name + ": it changed assay result '" + list.front()->key + "' (number " + std::to_string(row) +
                        "), which an undo cannot take back");
        }
    }
    return out;
}

} // namespace

DeleteReport delete_features(Store& store, const DeleteRequest& request)
{
    const int ways = !request.ids.empty() + !request.where.empty() + request.import.has_value();
    if (ways != 1)
        throw InputError("give the features to delete in one way: their ids, " + mention(Setting::where) + " or the import");
    store.layer_kind(request.layer);
    if (request.project) {
        Project project;
        store.require_project(*request.project, project);
    }
    // The write lock first, so that what is read is what is deleted.
    std::unique_ptr<Store::Transaction> transaction;
    if (!request.dry_run)
        transaction = store.begin_write();
    DeleteReport report;
    report.layer = request.layer;
    report.dry_run = request.dry_run;
    report.features = selected_features(store, request);
    std::vector<std::string> ids;
    for (const auto& f : report.features)
        ids.push_back(f.id);
    require_no_register_record(store, request.layer, ids);
    if (request.dry_run || report.features.empty())
        return report;
    const std::int64_t deleted = store.delete_features(request.layer, ids);
    if (deleted != static_cast<std::int64_t>(ids.size()))
        throw Error("layer '" + request.layer + "': " + std::to_string(deleted) + " of " + std::to_string(ids.size()) +
                    " features deleted; nothing was deleted");
    transaction->commit();
    return report;
}

UndoReport undo_import(Store& store, std::int64_t number, bool dry_run)
{
    std::unique_ptr<Store::Transaction> transaction;
    if (!dry_run)
        transaction = store.begin_write();
    UndoReport report;
    report.dry_run = dry_run;
    const auto imports = store.imports();
    report.import = find_import(imports, number);
    const ImportRecord& record = report.import;
    const std::string name = "import " + std::to_string(number);
    if (!record.undone_at.empty())
        throw InputError(name + " was undone on " + record.undone_at + (record.undone_by.empty() ? "" : " by " + record.undone_by));
    const LayerKind& kind = store.layer_kind(record.layer);

    // Its changes by feature, in the order it first touched them.
    const auto changes = store.import_changes(number);
    std::vector<std::string> keys;
    std::map<std::string, std::vector<const FeatureChange*>> by_key;
    std::int64_t last = 0;
    for (const auto& c : changes) {
        if (c.layer != record.layer)
            continue;
        auto& list = by_key[c.key];
        if (list.empty())
            keys.push_back(c.key);
        list.push_back(&c);
        last = std::max(last, c.entry);
    }

    // Undone only while its features are as it left them.
    std::vector<std::string> touched;
    for (const auto& later : store.changes_after(record.layer, last))
        if (by_key.count(later.key) && std::find(touched.begin(), touched.end(), later.key) == touched.end())
            touched.push_back(later.key);
    if (!touched.empty())
        throw InputError(name + " (" + record.source + ") cannot be undone: later changes touched " + std::to_string(touched.size()) +
                             " of its " + std::to_string(keys.size()) + " features in layer '" + record.layer + "': " + some_of(touched),
                         Hint::later_changes);
    // Its assay results and QC samples likewise.
    const AssayUndo assays = assay_undo(changes, record.layer, name);
    std::vector<std::string> touched_results;
    if (!assays.rows.empty())
        for (const auto& later : store.changes_after("assay_results", assays.last))
            if (assays.rows.count(later.row) &&
                std::find(touched_results.begin(), touched_results.end(), later.key) == touched_results.end())
                touched_results.push_back(later.key);
    if (!assays.qc_keys.empty())
        for (const auto& later : store.changes_after("qc_samples", assays.last))
            if (assays.qc_keys.count(later.key) &&
                std::find(touched_results.begin(), touched_results.end(), later.key) == touched_results.end())
                touched_results.push_back("QC sample " + later.key);
    if (!touched_results.empty())
        throw InputError(name + " (" + record.source + ") cannot be undone: later changes touched " +
                             std::to_string(touched_results.size()) + " of its assay results or QC samples: " + some_of(touched_results),
                         Hint::later_changes);
    report.results_removed = static_cast<std::int64_t>(assays.remove.size());
    report.results_restored = static_cast<std::int64_t>(assays.restore.size());
    report.qc_removed = assays.qc_remove;

    // Each feature as it was before the import: its changes undone, newest first.
    std::vector<Feature> restore;
    for (const auto& key : keys) {
        const auto& list = by_key[key];
        if (list.front()->action == "insert") {
            report.removed.push_back(key);
            continue;
        }
        std::optional<Feature> state = store.find_feature(record.layer, key);
        for (auto it = list.rbegin(); it != list.rend(); ++it)
            undo_change(state, kind, (*it)->action, (*it)->old_values, (*it)->old_wkb ? &*(*it)->old_wkb : nullptr);
        if (!state)
            throw Error(name + ": layer '" + record.layer + "': feature '" + key + "' cannot be rebuilt from the history");
        report.restored.push_back(key);
        restore.push_back(std::move(*state));
    }
    if (dry_run)
        return report;
    require_no_register_record(store, record.layer, report.removed);
    if (store.delete_assays(assays.remove) != report.results_removed)
        throw Error(name + ": some of the " + std::to_string(report.results_removed) + " assay results it added are gone; nothing was undone");
    store.restore_assays(assays.restore);
    if (!assays.qc_remove.empty() &&
        store.delete_qc_samples(record.layer, assays.qc_remove) != static_cast<std::int64_t>(assays.qc_remove.size()))
        throw Error(name + ": some of the " + std::to_string(assays.qc_remove.size()) + " QC samples it added are gone; nothing was undone");
    const std::int64_t deleted = store.delete_features(record.layer, report.removed);
    if (deleted != static_cast<std::int64_t>(report.removed.size()))
        throw Error(name + ": " + std::to_string(deleted) + " of the " + std::to_string(report.removed.size()) +
                    " features it inserted are in layer '" + record.layer + "'; nothing was undone");
    for (const auto& feature : restore)
        store.update_feature(record.layer, feature);
    store.mark_import_undone(number);
    transaction->commit();
    return report;
}

} // namespace lode
