// lode sync's layers renamed and dropped (lode/sync_layers.hpp).
#include "lode/sync_layers.hpp"

#include "lode/store/history.hpp"
#include "lode/sync_shared.hpp"

#include <algorithm>
#include <optional>

namespace lode::sync_layers {

namespace {

bool holds_layer(Store& store, const std::string& name)
{
    return std::any_of(store.layer_kinds().begin(), store.layer_kinds().end(), [&](const LayerKind& k) { return k.name == name; });
}

// One side's fates from its changes of layer_kinds, oldest first; a rename's new name from the
// history's entry (a change holds the values before only).
Fates fates_of(Store& store, const std::vector<FeatureChange>& changes)
{
    Fates out;
    const bool renames = std::any_of(changes.begin(), changes.end(),
                                     [](const FeatureChange& c) { return c.old_values.is_object() && c.old_values.contains("name"); });
    std::map<std::int64_t, std::string> new_names;
    if (renames) {
        HistoryQuery query;
        query.table = "layer_kinds";
        for (const auto& e : store.history(query))
            if (e.new_values.is_object() && e.new_values.contains("name") && e.new_values.at("name").is_string())
                new_names[e.id] = e.new_values.at("name").get<std::string>();
    }
    std::map<std::string, std::string> was;   // a layer's name now → its name at the last sync ("": made since)
    for (const auto& c : changes) {
        const SyncChange what{c.action, c.user, c.at};
        const auto known = was.find(c.key);
        const std::string then = known == was.end() ? c.key : known->second;
        if (c.action == "insert") {
            was[c.key] = "";
            out.made[c.key] = what;
        } else if (c.action == "delete") {
            was.erase(c.key);
            if (then.empty()) {
                out.made.erase(c.key);
            } else {
                out.dropped[then] = what;
                out.changed[then] = what;
                out.renamed.erase(then);
            }
        } else {
            if (!then.empty())
                out.changed[then] = what;
            const auto to = new_names.find(c.entry);
            if (!(c.old_values.is_object() && c.old_values.contains("name")) || to == new_names.end() || to->second == c.key)
                continue;
            was.erase(c.key);
            was[to->second] = then;
            if (then.empty()) {
                out.made[to->second] = out.made[c.key];
                out.made.erase(c.key);
            } else if (to->second == then) {
                out.renamed.erase(then);
            } else {
                out.renamed[then] = to->second;
            }
        }
    }
    // A layer dropped and made again under its name: neither (its features are compared as any).
    for (auto it = out.dropped.begin(); it != out.dropped.end();)
        if (out.made.count(it->first)) {
            out.made.erase(it->first);
            it = out.dropped.erase(it);
        } else {
            ++it;
        }
    return out;
}

std::optional<std::string> found(const std::map<std::string, std::string>& names, const std::string& key)
{
    const auto it = names.find(key);
    return it == names.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<SyncChange> later(const std::optional<SyncChange>& a, const std::optional<SyncChange>& b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return b->at > a->at ? b : a;
}

// The last change of the programme's features in a layer since the position (on the server: of
// the features that are, or were when deleted, of the programme).
std::optional<SyncChange> feature_edit(Store& store, const std::string& layer, const std::vector<FeatureChange>& changes,
                                       const std::string& project, bool server)
{
    std::optional<SyncChange> last;
    std::map<std::string, bool> ours;
    for (const auto& c : changes) {
        if (server) {
            auto it = ours.find(c.key);
            if (it == ours.end()) {
                const auto now = store.find_feature(layer, c.key);
                const bool of_programme = now ? now->project == project
                                              : c.old_values.is_object() && c.old_values.value("project", std::string()) == project;
                it = ours.emplace(c.key, of_programme).first;
            }
            if (!it->second)
                continue;
        }
        last = SyncChange{c.action, c.user, c.at};
    }
    return last;
}

const LayerKind& kind_of(Store& store, const std::string& name) { return store.layer_kind(name); }

} // namespace

Fates field_fates(Store& field, const CheckoutOrigin& origin)
{
    Fates out = fates_of(field, field.changes_after("layer_kinds", origin.field_position));
    // What the last sync held back, as made or renamed since (unless changed again since).
    for (const auto& h : origin.held) {
        if (h.table != "layer_kinds" || out.changed.count(h.unit) || out.made.count(h.unit) || !holds_layer(field, h.to.empty() ? h.unit : h.to))
            continue;
        if (h.change.action == "insert") {
            out.made[h.unit] = h.change;
        } else if (!h.to.empty()) {
            out.renamed[h.unit] = h.to;
            out.changed[h.unit] = h.change;
        }
    }
    return out;
}

Fates server_fates(Store& server, const HistoryPosition& from)
{
    return fates_of(server, server.changes_after_position("layer_kinds", from));
}

std::vector<Feature> programme_features(Store& store, const std::string& layer, const std::string& project)
{
    std::vector<Feature> out;
    Selection selection;
    selection.project = project;
    Reading reading;
    reading.whole = true;
    store.scan(layer, selection, reading, [&](ScanRow& row) {
        out.push_back(std::move(row.feature));
        return true;
    });
    return out;
}

Plan plan(Store& field, Store& server, const Fates& in_field, const Fates& on_server, const CheckoutOrigin& origin,
          const HistoryPosition& server_from, const std::function<Prefer(const std::string& table, const std::string& unit)>& choose,
          SyncReport& report)
{
    Plan out;
    std::set<std::string> layers;
    for (const Fates* fates : {&in_field, &on_server}) {
        for (const auto& [name, to] : fates->renamed)
            layers.insert(name);
        for (const auto& [name, change] : fates->dropped)
            layers.insert(name);
    }
    auto conflict = [&](const std::string& layer, const SyncChange& f, const SyncChange& s, const std::string& in_f, const std::string& in_s) {
        SyncConflict c;
        c.layer = "layer_kinds";
        c.id = layer;
        c.project = origin.project;
        c.field = f;
        c.server = s;
        c.row = true;
        c.differences.push_back({"layer", layer, in_f, in_s});
        c.resolved = choose("layer_kinds", layer);
        report.conflicts.push_back(c);
        return c.resolved;
    };
    // A layer made in the copy that the last sync held back, made on the server since (by its
    // owner): every feature of the programme in it carried.
    for (const auto& h : origin.held)
        if (h.table == "layer_kinds" && h.change.action == "insert" && in_field.made.count(h.unit) && holds_layer(server, h.unit) &&
            holds_layer(field, h.unit)) {
            out.restore_server.push_back({kind_of(field, h.unit), h.change});
            out.skip.insert(h.unit);
        }
    for (const auto& layer : layers) {
        const bool f_dropped = in_field.dropped.count(layer) > 0, s_dropped = on_server.dropped.count(layer) > 0;
        const auto f_renamed = found(in_field.renamed, layer), s_renamed = found(on_server.renamed, layer);
        const std::string f_name = f_renamed.value_or(layer), s_name = s_renamed.value_or(layer);
        if (f_dropped && s_dropped)
            continue;
        if (!f_dropped && !s_dropped) {
            if (f_name == s_name)
                continue;
            if (!s_renamed) {
                if (holds_layer(server, layer) && !holds_layer(server, f_name))
                    out.rename_server.push_back({layer, f_name, in_field.changed.at(layer)});
            } else if (!f_renamed) {
                if (holds_layer(field, layer) && !holds_layer(field, s_name))
                    out.rename_field.push_back({layer, s_name, on_server.changed.at(layer)});
            } else {
                const Prefer p = conflict(layer, in_field.changed.at(layer), on_server.changed.at(layer), "renamed " + f_name,
                                          "renamed " + s_name);
                if (p == Prefer::field)
                    out.rename_server.push_back({s_name, f_name, in_field.changed.at(layer)});
                else if (p == Prefer::server)
                    out.rename_field.push_back({f_name, s_name, on_server.changed.at(layer)});
                else
                    out.skip.insert({f_name, s_name});
            }
            continue;
        }
        if (f_dropped) {
            if (!holds_layer(server, s_name))
                continue;
            const auto edit = later(on_server.changed.count(layer) ? std::optional<SyncChange>(on_server.changed.at(layer)) : std::nullopt,
                                    feature_edit(server, s_name, server.changes_after_position(s_name, server_from), origin.project, true));
            const SyncChange& drop = in_field.dropped.at(layer);
            out.skip.insert(s_name);
            if (!edit) {
                out.drop_server.emplace_back(s_name, drop);
                continue;
            }
            const Prefer p = conflict(layer, drop, *edit, "(dropped)", s_name + " (edited)");
            if (p == Prefer::field)
                out.drop_server.emplace_back(s_name, drop);
            else if (p == Prefer::server)
                out.restore_field.push_back({kind_of(server, s_name), *edit});
        } else {
            if (!holds_layer(field, f_name))
                continue;
            const auto edit = later(in_field.changed.count(layer) ? std::optional<SyncChange>(in_field.changed.at(layer)) : std::nullopt,
                                    feature_edit(field, f_name, field.changes_after(f_name, origin.field_position), origin.project, false));
            const SyncChange& drop = on_server.dropped.at(layer);
            out.skip.insert(f_name);
            if (!edit) {
                out.drop_field.emplace_back(f_name, drop);
                continue;
            }
            const Prefer p = conflict(layer, *edit, drop, f_name + " (edited)", "(dropped)");
            if (p == Prefer::server)
                out.drop_field.emplace_back(f_name, drop);
            else if (p == Prefer::field)
                out.restore_server.push_back({kind_of(field, f_name), *edit});
        }
    }
    return out;
}

void rename_server(Store& server, const Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note)
{
    for (const auto& [from, to, change] : plan.rename_server) {
        note(change.user, "lode sync from the field copy " + copy_name + ": layer " + from + " renamed " + to + " there at " + change.at);
        std::string refusal;
        if (sync_shared::try_on_server(server, [&] { server.rename_layer(from, to); }, refusal))
            ++report.rows_pushed["layer_kinds"].updated;
        else
            sync_shared::hold(report, server, HeldBack{"layer_kinds", from, to, change}, "layer " + from + " renamed " + to, refusal,
                              "the store's owner renames it (lode layer rename " + from + " " + to + ")");
    }
}

void rename_field(Store& field, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note)
{
    for (const auto& [from, to, change] : plan.rename_field) {
        note(change.user, "lode sync from " + server_name + ": layer " + from + " renamed " + to + " there at " + change.at);
        field.rename_layer(from, to);
        ++report.rows_pulled["layer_kinds"].updated;
    }
}

namespace {

// Every feature of the programme in a layer of one side written into the other's.
void fill(Store& to, Store& from, const std::string& layer, const std::string& project, SyncCounts& features)
{
    for (const auto& f : programme_features(from, layer, project)) {
        if (const auto there = to.find_feature(layer, f.id)) {
            if (there->attributes == f.attributes && there->wkb == f.wkb && there->project == f.project && there->extra == f.extra)
                continue;
            to.update_feature(layer, f);
            ++features.updated;
        } else {
            to.insert_feature(layer, f);
            ++features.inserted;
        }
    }
}

// A layer made again on one side with the other's kind and its features of the programme.
void restore(Store& to, Store& from, const Restore& r, const std::string& project, SyncCounts& layers, SyncCounts& features)
{
    if (!holds_layer(to, r.kind.name)) {
        to.create_layer(r.kind);
        ++layers.inserted;
    }
    fill(to, from, r.kind.name, project, features);
}


} // namespace

void hold_layer(SyncReport& report, Store& server, const std::string& name, const SyncChange& made, const std::string& what,
                const std::string& refusal)
{
    sync_shared::hold(report, server, HeldBack{"layer_kinds", name, {}, {"insert", made.user, made.at}}, what, refusal,
                      "the store's owner makes it on the server (lode layer create " + name + ", with the fields lode layer fields " + name +
                          " lists in the copy)");
}

void write_server(Store& server, Store& field, const Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note)
{
    const std::string& project = report.origin.project;
    for (const auto& [layer, drop] : plan.drop_server) {
        note(drop.user, "lode sync from the field copy " + copy_name + ": layer " + layer + " dropped there at " + drop.at);
        std::vector<std::string> ids;
        for (const auto& f : programme_features(server, layer, project))
            ids.push_back(f.id);
        if (!ids.empty())
            report.pushed.deleted += server.delete_features(layer, ids);
        const auto left = server.summarise(layer).count;   // as the login sees them
        std::string refusal;
        if (left == 0 && sync_shared::try_on_server(server, [&] { server.drop_layer(layer, false); }, refusal)) {
            ++report.rows_pushed["layer_kinds"].deleted;
        } else if (left == 0) {
            report.notes.push_back("layer " + layer + ": dropped in the field copy; its features of " + project +
                                   " deleted on the server, where the server refused login " + server.login() + " the layer (" +
                                   refusal + "): the store's owner drops it (lode layer drop " + layer + ")");
        } else {
            report.notes.push_back("layer " + layer + ": dropped in the field copy; its features of " + project +
                                   " deleted on the server, where the layer stays with " + std::to_string(left) +
                                   (left == 1 ? " feature" : " features") + " of other programmes");
        }
    }
    for (const auto& r : plan.restore_server) {
        note(r.change.user, "lode sync conflict: layer " + r.kind.name + " made again from the field copy " + copy_name +
                                " (" + r.change.action + " there by " + r.change.user + " at " + r.change.at + "), kept over the server's drop");
        std::string refusal;
        if (!sync_shared::try_on_server(server, [&] { restore(server, field, r, project, report.rows_pushed["layer_kinds"], report.pushed); },
                                        refusal))
            hold_layer(report, server, r.kind.name, r.change, "layer " + r.kind.name, refusal);
    }
}

void write_field(Store& field, Store& server, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note)
{
    for (const auto& [layer, drop] : plan.drop_field) {
        note(drop.user, "lode sync from " + server_name + ": layer " + layer + " dropped there at " + drop.at);
        report.pulled.deleted += field.summarise(layer).count;
        field.drop_layer(layer, true);
        ++report.rows_pulled["layer_kinds"].deleted;
    }
    for (const auto& r : plan.restore_field) {
        note(r.change.user, "lode sync conflict: layer " + r.kind.name + " made again from " + server_name + " (" + r.change.action +
                                " there by " + r.change.user + " at " + r.change.at + "), kept over the field copy's drop");
        restore(field, server, r, report.origin.project, report.rows_pulled["layer_kinds"], report.pulled);
    }
}

} // namespace lode::sync_layers
