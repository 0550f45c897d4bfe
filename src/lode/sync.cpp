// lode sync: a field copy's changes of features pushed to the store it was checked out from, and
// that store's pulled into it (lode/sync.hpp).
#include "lode/sync.hpp"

#include "lode/base/error.hpp"
#include "lode/store/retry.hpp"
#include "lode/sync_fields.hpp"
#include "lode/sync_layers.hpp"
#include "lode/sync_rows.hpp"
#include "lode/sync_shared.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace lode {

namespace {

using FeatureKey = std::pair<std::string, std::string>;   // layer, feature id

// The features of these layers changed after the position, each with its changes in order.
std::map<FeatureKey, std::vector<FeatureChange>> changed_after(Store& store, const std::vector<std::string>& layers,
                                                               const HistoryPosition& after, const std::set<std::string>& lacks = {})
{
    std::map<FeatureKey, std::vector<FeatureChange>> out;
    for (const auto& layer : layers)
        if (!lacks.count(layer))
        for (auto& change : store.changes_after_position(layer, after))
            out[{layer, change.key}].push_back(std::move(change));
    return out;
}

using sync_rows::last_change;

std::string value_text(const Value& v) { return is_null(v) ? "null" : to_text(v); }

std::string json_text(const nlohmann::json& j)
{
    return j.is_null() ? "null" : j.is_string() ? j.get<std::string>() : j.dump();
}

// The fields in which two states of a feature differ (absent: every field the other has).
std::vector<SyncDifference> differences(const std::optional<Feature>& field, const std::optional<Feature>& server)
{
    std::vector<SyncDifference> out;
    auto add = [&](const std::string& name, const std::string& in_field, const std::string& in_server) {
        out.push_back({name, "", field ? in_field : "(deleted)", server ? in_server : "(deleted)"});
    };
    const Feature none;
    const Feature& f = field ? *field : none;
    const Feature& s = server ? *server : none;
    if (f.project != s.project || !field || !server)
        add("project", f.project, s.project);
    std::set<std::string> names;
    for (const auto& [name, value] : f.attributes)
        names.insert(name);
    for (const auto& [name, value] : s.attributes)
        names.insert(name);
    for (const auto& name : names) {
        const auto a = f.attributes.find(name);
        const auto b = s.attributes.find(name);
        const Value va = a == f.attributes.end() ? Value{} : a->second;
        const Value vb = b == s.attributes.end() ? Value{} : b->second;
        if (va != vb)
            add(name, value_text(va), value_text(vb));
    }
    if (f.extra != s.extra)
        add("extra", f.extra.dump(), s.extra.dump());
    if (f.wkb != s.wkb)
        add("geometry", field ? "(moved)" : "", server ? "(moved)" : "");
    return out;
}

bool same_state(const std::optional<Feature>& a, const std::optional<Feature>& b)
{
    if (!a || !b)
        return !a && !b;
    return differences(a, b).empty();
}

// The value a field had at the checkout, from the field copy's changes since: the old value of the
// first change that records one; the copy's value now when none changed it; "(none)" for a
// feature new since; empty when the history does not say (the geometry's).
std::string checkout_value(const std::vector<FeatureChange>& changes, const SyncDifference& d)
{
    if (!changes.empty() && changes.front().action == "insert")
        return "(none)";
    if (d.field == "geometry")
        return "";
    for (const auto& c : changes)
        if (c.old_values.is_object() && c.old_values.contains(d.field))
            return json_text(c.old_values.at(d.field));
    return d.in_field;
}

// Writes a state of a feature into a store: inserted, written over the one there, or deleted.
void put(Store& store, const std::string& layer, const std::string& id, const std::optional<Feature>& state, SyncCounts& counts)
{
    const auto now = store.find_feature(layer, id);
    if (!state) {
        if (now) {
            store.delete_features(layer, {id});
            ++counts.deleted;
        }
        return;
    }
    if (now) {
        store.update_feature(layer, *state);
        ++counts.updated;
    } else {
        store.insert_feature(layer, *state);
        ++counts.inserted;
    }
}

Prefer choice_for(const SyncChoices& choices, const std::string& layer, const std::string& id, std::set<std::string>& used)
{
    for (const auto& key : {layer + "/" + id, id}) {
        const auto it = choices.features.find(key);
        if (it != choices.features.end()) {
            used.insert(key);
            return it->second;
        }
    }
    return choices.all;
}

// One run of a sync (sync_copy runs it again when the server refuses it as conflicting).
SyncReport sync_once(const StoreLocation& field_location, const SyncChoices& choices, const ChangeContext& context)
{
    const std::string name = field_location.is_file() ? field_location.target() : field_location.display();
    if (!field_location.is_file())
        throw InputError(Where{name, -1, "", ""}, "a field copy is a SpatiaLite file (lode checkout makes one)");
    if (!std::filesystem::exists(field_location.target()))
        throw NotFound(Where{name, -1, "", ""}, "no such file");
    auto field = open_store(field_location, context);
    SyncReport report;
    report.origin = checkout_origin(*field, name);
    CheckoutOrigin& origin = report.origin;
    auto server = open_store(StoreLocation(origin.server), context);

    // The server's side first: what it holds now is read inside the transaction that writes it,
    // from a position taken before anything is read (the next sync's: HistoryPosition).
    auto server_txn = server->begin_snapshot_write();   // a row changed meanwhile is refused (retried), not written over
    const HistoryPosition server_from{origin.server_position, origin.server_pending};
    const HistoryPosition server_now = server->history_position();
    const std::string copy_name = std::filesystem::path(name).filename().string();
    auto on_server = [&](const std::string& user, const std::string& note) {
        ChangeContext c = context;
        c.user = user.empty() ? context.user : user;
        c.note = note;
        server->set_change_context(c);
    };
    auto field_txn = field->begin_write();   // rolled back with the server's when the sync is refused
    auto on_field = [&](const std::string& user, const std::string& note) {
        ChangeContext c = context;
        c.user = user.empty() ? context.user : user;
        c.note = note;
        field->set_change_context(c);
    };
    std::set<std::string> used;
    auto choose = [&](const std::string& table, const std::string& unit) { return choice_for(choices, table, unit, used); };
    // The layers renamed or dropped since, each side's: renamed on the other first, so that both
    // sides' features are read under one name (sync_layers.hpp).
    const auto field_fates = sync_layers::field_fates(*field, origin);
    const auto server_fates = sync_layers::server_fates(*server, server_from);
    const sync_layers::Plan layer_plan = sync_layers::plan(*field, *server, field_fates, server_fates, origin, server_from, choose, report);
    sync_layers::rename_server(*server, layer_plan, report, copy_name, on_server);
    sync_layers::rename_field(*field, layer_plan, report, origin.server, on_field);
    // The layers one side made since: made on the other (the copy's in its transaction, below).
    const sync_shared::NewLayers new_layers = sync_shared::new_layers(*field, *server, field_fates.made, server_fates.made);
    // A layer the server refuses the login (a partner's) is held back with its features: the rest goes on.
    std::set<std::string> skip = layer_plan.skip;
    for (const auto& h : report.held)
        if (h.table == "layer_kinds")
            skip.insert(h.to.empty() ? h.unit : h.to);   // a rename held back: the copy's layer under its new name
    for (std::size_t i = 0; i < new_layers.for_server.size(); ++i) {
        const SyncChange& there = new_layers.made_in_field[i];
        const LayerKind& kind = new_layers.for_server[i];
        on_server(there.user, "lode sync from the field copy " + copy_name + ": layer made there at " + there.at);
        std::string refusal;
        if (sync_shared::try_on_server(*server, [&] { server->create_layer(kind); }, refusal)) {
            ++report.rows_pushed["layer_kinds"].inserted;
            continue;
        }
        const auto features = field->summarise(kind.name).count;
        sync_layers::hold_layer(report, *server, kind.name, there,
                                "layer " + kind.name + " with its " + std::to_string(features) + (features == 1 ? " feature" : " features"),
                                refusal);
        skip.insert(kind.name);
    }
    server->set_change_context(context);
    // The fields the last sync held back, under their layers' names now (renamed in the copy, or
    // from the server by rename_field); one whose layer is gone from the copy is held no more. Those
    // of a layer held back are held again with it.
    CheckoutOrigin before = origin;
    before.held = sync_fields::follow(origin.held, *field, [&](std::string layer) {
        if (const auto it = field_fates.renamed.find(layer); it != field_fates.renamed.end())
            layer = it->second;
        for (const auto& r : layer_plan.rename_field)
            if (r.from == layer)
                layer = r.to;
        return layer;
    });
    std::set<std::string> held_layers;
    for (const auto& h : report.held)
        if (h.table == "layer_kinds")
            held_layers.insert(h.to.empty() ? h.unit : h.to);
    sync_fields::Held held_fields = sync_fields::hold_with_layers(*field, before, held_layers, report);
    // The layers both sides have (or will have).
    std::vector<std::string> layers;
    for (const auto& kind : server->layer_kinds())
        if (skip.count(kind.name))
            continue;
        else if (new_layers.field_lacks.count(kind.name) ||
            std::any_of(field->layer_kinds().begin(), field->layer_kinds().end(), [&](const LayerKind& k) { return k.name == kind.name; }))
            layers.push_back(kind.name);
    // The fields one side added: the server's first, so that its features are read with them; one
    // the server refuses the login is held back with its values (sync_fields.hpp).
    // A field of one name and two types: the server's stands, the copy's values converted to it
    // when each converts exactly, else held back as a refused one.
    const sync_fields::NewFields fields = sync_fields::new_fields(*field, *server, name, skip);
    for (auto& [layer, names] : sync_fields::add_on_server(*server, *field, fields, before, report))
        held_fields[layer].merge(names);
    const sync_fields::Converted converted = sync_fields::convert_or_hold(*field, fields, before, held_fields, report);
    auto field_changes = changed_after(*field, layers, {origin.field_position, {}}, new_layers.field_lacks);
    // The values of a field held back before, which the server has now: carried as changed in the copy.
    for (auto& r : sync_fields::released(*field, *server, before, held_fields)) {
        auto& changes = field_changes[{r.layer, r.id}];
        changes.insert(changes.begin(), std::move(r.change));
    }
    const auto server_changes = changed_after(*server, layers, server_from);
    std::set<FeatureKey> keys;
    for (const auto& [key, changes] : field_changes)
        keys.insert(key);
    for (const auto& [key, changes] : server_changes)
        keys.insert(key);

    // What goes where: a state of a feature for the other side.
    struct Move {
        FeatureKey key;
        std::optional<Feature> state;
        SyncChange change;
    };
    std::vector<Move> pushes, pulls;
    static const std::vector<FeatureChange> no_changes;
    for (const auto& key : keys) {
        const auto& [layer, id] = key;
        const auto f_at = field_changes.find(key);
        const auto s_at = server_changes.find(key);
        const auto& f_changes = f_at == field_changes.end() ? no_changes : f_at->second;
        const auto& s_changes = s_at == server_changes.end() ? no_changes : s_at->second;
        auto in_field = new_layers.field_lacks.count(layer) ? std::nullopt : field->find_feature(layer, id);
        auto in_server = server->find_feature(layer, id);
        // Of the server, only what is of the programme: a feature moved to another is gone from it.
        if (in_server && in_server->project != origin.project)
            in_server.reset();
        sync_fields::strip(in_field, layer, in_server, f_changes, held_fields, converted);
        if (same_state(in_field, in_server))
            continue;   // one side changed it as the other had, or both changed it alike
        if (s_changes.empty()) {
            pushes.push_back({key, in_field, last_change(f_changes)});
            continue;
        }
        if (f_changes.empty()) {
            pulls.push_back({key, in_server, last_change(s_changes)});
            continue;
        }
        SyncConflict conflict{layer, id, in_field ? in_field->project : in_server->project, last_change(f_changes),
                              last_change(s_changes), differences(in_field, in_server), Prefer::none};
        for (auto& d : conflict.differences)
            d.checkout = checkout_value(f_changes, d);
        conflict.resolved = choice_for(choices, layer, id, used);
        report.conflicts.push_back(std::move(conflict));
    }
    auto rows = sync_rows::plan(*field, *server, origin, server_from, choose, report);
    auto shared = sync_shared::plan(*field, *server, origin, server_from, choose, report);
    for (const auto& [key, prefer] : choices.features)
        if (!used.count(key))
            throw InputError(Where{name, -1, key, ""}, "is not a feature in conflict (the sync found " +
                                                           std::to_string(report.conflicts.size()) +
                                                           (report.conflicts.size() == 1 ? " conflict)" : " conflicts)"));
    report.refused = std::any_of(report.conflicts.begin(), report.conflicts.end(), [](const SyncConflict& c) { return c.resolved == Prefer::none; });
    if (report.refused)
        return report;   // the server's transaction rolled back, the copy untouched

    sync_layers::write_server(*server, *field, layer_plan, report, copy_name, on_server);
    for (const auto& push : pushes) {
        on_server(push.change.user, "lode sync from the field copy " + copy_name + " of " + origin.project + ": " +
                                        push.change.action + " there at " + push.change.at);
        put(*server, push.key.first, push.key.second, push.state, report.pushed);
    }
    // A conflict: the losing version written first, then the winning one (both in the server's history).
    SyncCounts conflict_writes;
    for (const auto& c : report.conflicts) {
        if (c.row)
            continue;   // sync_rows::write_server's
        auto in_field = field->find_feature(c.layer, c.id);
        auto in_server = server->find_feature(c.layer, c.id);
        if (in_server && in_server->project != origin.project)
            in_server.reset();
        const auto f_at = field_changes.find({c.layer, c.id});
        sync_fields::strip(in_field, c.layer, in_server, f_at == field_changes.end() ? no_changes : f_at->second, held_fields, converted);
        const std::string field_side = c.field.action + " in the field copy " + copy_name + " by " + c.field.user + " at " + c.field.at;
        const std::string server_side = c.server.action + " on the server by " + c.server.user + " at " + c.server.at;
        if (c.resolved == Prefer::server) {
            if (in_field) {
                on_server(c.field.user, "lode sync conflict: the field copy's version (" + field_side + "), lost to the server's (--prefer server)");
                put(*server, c.layer, c.id, in_field, conflict_writes);
            }
            on_server(context.user, "lode sync conflict: the server's version (" + server_side + ") kept over the field copy's");
            put(*server, c.layer, c.id, in_server, conflict_writes);
            pulls.push_back({{c.layer, c.id}, in_server, c.server});
        } else {
            on_server(c.field.user, "lode sync conflict: the field copy's version (" + field_side + ") kept over the server's (" +
                                        server_side + ")");
            put(*server, c.layer, c.id, in_field, report.pushed);
        }
    }
    sync_rows::write_server(*server, rows, report, copy_name, on_server);
    sync_shared::write_server(*server, shared, report, copy_name, on_server);
    server->set_change_context(context);

    sync_layers::write_field(*field, *server, layer_plan, report, origin.server, on_field);
    for (const auto& kind : new_layers.for_field) {
        on_field(context.user, "lode sync from " + origin.server + ": layer made there");
        field->create_layer(kind);
        ++report.rows_pulled["layer_kinds"].inserted;
    }
    for (const auto& [layer, def] : fields.for_field)
        field->add_field(layer, def);
    for (auto& pull : pulls) {
        on_field(pull.change.user, "lode sync from " + origin.server + ": " + pull.change.action + " there at " + pull.change.at);
        sync_fields::keep_held(*field, pull.key.first, pull.key.second, pull.state, held_fields, converted);
        put(*field, pull.key.first, pull.key.second, pull.state, report.pulled);
    }
    sync_shared::write_field(*field, shared, report, origin.server, on_field);   // partnerships before the rows that may name them
    sync_rows::write_field(*field, rows, report, origin.server, on_field);
    field->set_change_context(context);
    // The next sync goes on from the position taken before this one read the server: what was
    // committed after it is read then (this sync's own writes left out).
    origin.server_position = server_now.entry;
    origin.server_pending = server_now.pending;
    origin.field_position = field->last_history_entry();
    origin.synced_at = history_now(context.now);
    origin.held = report.held;
    ++origin.syncs;
    field->set_metadata("checkout", origin.to_json().dump());
    server_txn->commit();
    field_txn->commit();
    return report;
}

} // namespace

SyncReport sync_copy(const StoreLocation& field, const SyncChoices& choices, const ChangeContext& context)
{
    // Each run reads both sides afresh, so that what another writer committed meanwhile is seen
    // (a feature it changed then a conflict); a refused run wrote nothing on either side.
    return with_retries([&] { return sync_once(field, choices, context); });
}

} // namespace lode
