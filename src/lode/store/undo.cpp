#include "lode/store/undo.hpp"
#include "lode/store/assay_values.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/schema/filter.hpp"
#include "lode/store/as_of.hpp"
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
