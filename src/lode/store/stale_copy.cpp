// Copies of features checked against the store's later changes (stale_copy.hpp).
#include "lode/store/stale_copy.hpp"

#include "lode/base/value.hpp"

#include <unordered_set>

namespace lode {

namespace {

// The copy holds what the store holds (the kind's fields compared as text, as exported and read back).
bool same_content(const LayerKind& kind, const Feature& copy, const Feature& stored)
{
    if (copy.project != stored.project || copy.wkb != stored.wkb)
        return false;
    auto text = [](const Feature& f, const std::string& field) {
        const auto it = f.attributes.find(field);
        return it == f.attributes.end() ? std::string() : to_text(it->second);
    };
    for (const auto& field : kind.fields)
        if (text(copy, field.name) != text(stored, field.name))
            return false;
    return true;
}

// A change of what a copy holds: an insert, a delete, or an update of the geometry, the project or a
// field (not one of only where the feature was last imported from and of its source's other fields,
// which every update by import rewrites).
bool of_content(const HistoryEntry& entry)
{
    if (entry.action != "update" || entry.geometry_changed || !entry.old_values.is_object())
        return true;
    for (const auto& [column, value] : entry.old_values.items())
        if (column != "imported_from" && column != "extra")
            return true;
    return false;
}

} // namespace

std::map<std::string, FeatureChange> stale_features(Store& store, const std::string& layer,
                                                    const std::vector<const Feature*>& copies, const HistoryPosition& position)
{
    std::vector<std::string> ids;
    ids.reserve(copies.size());
    for (const auto* f : copies)
        ids.push_back(f->id);
    store.lock_features(layer, ids);
    std::map<std::string, FeatureChange> changed;
    const std::unordered_set<std::string> wanted(ids.begin(), ids.end());
    std::unordered_set<std::int64_t> entries;   // the history entries of the copies' features after the position
    for (auto& change : store.changes_after_position(layer, position))   // oldest first: the last one stays
        if (wanted.count(change.key)) {
            entries.insert(change.entry);
            changed[change.key] = std::move(change);
        }
    if (changed.empty())
        return changed;
    const LayerKind& kind = store.layer_kind(layer);
    for (const auto* copy : copies)
        if (auto c = changed.find(copy->id); c != changed.end()) {
            const auto stored = store.find_feature(layer, copy->id);
            if (stored && same_content(kind, *copy, *stored)) {
                changed.erase(c);
                continue;
            }
            // The last change of its content since (the history's entries of the feature, for what
            // each changed); none: the copy only lags in bookkeeping, and is not stale.
            HistoryQuery query;
            query.table = layer;
            query.key = copy->id;
            std::optional<HistoryEntry> last;
            for (auto& entry : store.history(query))
                if (entries.count(entry.id) && of_content(entry))
                    last = std::move(entry);
            if (!last)
                changed.erase(c);
            else
                c->second = FeatureChange{last->id, layer, last->key, last->action, last->at, last->user, 0, {}, {}};
        }
    return changed;
}

std::string stale_reason(const FeatureChange& change, const HistoryPosition& position)
{
    const std::string what = change.action == "delete" ? "was deleted" : change.action == "insert" ? "was added" : "was changed";
    const std::string taken = "this copy was taken at entry " + std::to_string(position.entry);
    return what + " in the store by " + (change.user.empty() ? std::string("an unknown user") : change.user) + " at " + change.at +
           " (history entry " + std::to_string(change.entry) +
           (change.entry > position.entry ? "), after " + taken : ", committed after " + taken + ")");
}

} // namespace lode
