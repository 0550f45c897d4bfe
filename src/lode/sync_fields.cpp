// lode sync's fields added to a layer on one side (lode/sync_fields.hpp).
#include "lode/sync_fields.hpp"

#include "lode/base/error.hpp"
#include "lode/base/value.hpp"
#include "lode/sync_shared.hpp"

#include <algorithm>

namespace lode::sync_fields {

namespace {

constexpr const char* held_table = "layer_fields";

const LayerKind* kind_named(Store& store, const std::string& name)
{
    const auto& kinds = store.layer_kinds();
    const auto it = std::find_if(kinds.begin(), kinds.end(), [&](const LayerKind& k) { return k.name == name; });
    return it == kinds.end() ? nullptr : &*it;
}

bool has_field(const LayerKind* kind, const std::string& name)
{
    return kind && std::any_of(kind->fields.begin(), kind->fields.end(), [&](const FieldDef& d) { return d.name == name; });
}

// The ids of the features of a layer that hold a value of the field.
std::vector<std::string> holding_values(Store& store, const std::string& layer, const std::string& name)
{
    std::vector<std::string> ids;
    store.scan(layer, Selection{}, Reading::features(), [&](ScanRow& row) {
        const auto it = row.feature.attributes.find(name);
        if (it != row.feature.attributes.end() && !is_null(it->second))
            ids.push_back(row.feature.id);
        return true;
    });
    return ids;
}

// Whether a layer kind's definition in the history (text or JSON) has the field.
bool definition_has(const nlohmann::json& stored, const std::string& name)
{
    const nlohmann::json definition = stored.is_string() ? nlohmann::json::parse(stored.get<std::string>(), nullptr, false) : stored;
    if (!definition.is_object() || !definition.contains("fields") || !definition.at("fields").is_array())
        return false;
    return std::any_of(definition.at("fields").begin(), definition.at("fields").end(),
                       [&](const nlohmann::json& f) { return f.is_object() && f.value("name", "") == name; });
}

// Who added the field to the layer in the copy, and when: as the last sync held it back, else the
// last change of the layer's kind since that found it without the field.
SyncChange added_by(Store& field, const CheckoutOrigin& origin, const std::string& layer, const std::string& name)
{
    for (const auto& h : origin.held)
        if (h.table == held_table && h.unit == layer && h.to == name)
            return h.change;
    SyncChange out{"insert", "", ""};
    for (const auto& c : field.changes_after("layer_kinds", origin.field_position))
        if (c.key == layer && c.action == "update" && c.old_values.is_object() && c.old_values.contains("definition") &&
            !definition_has(c.old_values.at("definition"), name))
            out = SyncChange{"insert", c.user, c.at};
    return out;
}

} // namespace

NewFields new_fields(Store& field, Store& server, const std::string& name, const std::set<std::string>& skip)
{
    NewFields out;
    for (const auto& kind : field.layer_kinds()) {
        if (skip.count(kind.name))
            continue;   // dropped or made again (sync_layers), or held back
        const LayerKind* there = kind_named(server, kind.name);
        if (!there) {
            // Not made in the copy since the last sync (sync_shared::new_layers), nor dropped on the
            // server since (sync_layers): the server dropped it before the last sync.
            if (field.summarise(kind.name).count > 0)
                throw InputError(Where{name, -1, "", ""}, "layer '" + kind.name +
                                                              "' is in the field copy only, dropped on the server since the checkout:"
                                                              " a sync carries the features of layers the server has"
                                                              " (lode layer create it there again)");
            continue;
        }
        for (const auto& f : kind.fields) {
            const auto other = std::find_if(there->fields.begin(), there->fields.end(), [&](const FieldDef& d) { return d.name == f.name; });
            if (other == there->fields.end())
                out.for_server.emplace_back(kind.name, f);
            else if (other->type != f.type)
                throw InputError(Where{name, -1, "", f.name}, std::string("layer '") + kind.name + "' has this field as " + to_string(f.type) +
                                                                  " in the field copy and as " + to_string(other->type) +
                                                                  " on the server: a sync cannot carry it");
        }
        for (const auto& f : there->fields)
            if (!has_field(&kind, f.name))
                out.for_field.emplace_back(kind.name, f);
    }
    return out;
}

Held add_on_server(Store& server, Store& field, const NewFields& fields, const CheckoutOrigin& origin, SyncReport& report)
{
    Held out;
    for (const auto& [layer, def] : fields.for_server) {
        std::string refusal;
        if (sync_shared::try_on_server(server, [&, &layer = layer, &def = def] { server.add_field(layer, def); }, refusal))
            continue;
        const auto values = holding_values(field, layer, def.name).size();
        std::string step = "lode layer add-field " + layer + " " + def.name + " --type " + to_string(def.type);
        if (!def.unit.empty())
            step += " --unit '" + def.unit + "'";
        sync_shared::hold(report, server, HeldBack{held_table, layer, def.name, added_by(field, origin, layer, def.name)},
                          "field " + def.name + " of layer " + layer + " (" + to_string(def.type) + ") with its values in " +
                              std::to_string(values) + (values == 1 ? " feature" : " features"),
                          refusal, "the store's owner adds it (" + step + ")");
        out[layer].insert(def.name);
    }
    return out;
}

std::vector<Released> released(Store& field, Store& server, const CheckoutOrigin& origin, const Held& held)
{
    std::vector<Released> out;
    for (const auto& h : origin.held) {
        if (h.table != held_table)
            continue;
        const auto still = held.find(h.unit);
        if (still != held.end() && still->second.count(h.to))
            continue;   // held back again
        if (!has_field(kind_named(server, h.unit), h.to) || !has_field(kind_named(field, h.unit), h.to))
            continue;   // the layer renamed or dropped since, or the field: nothing of it to carry
        for (auto& id : holding_values(field, h.unit, h.to)) {
            FeatureChange change;
            change.layer = h.unit;
            change.key = id;
            change.action = "update";
            change.user = h.change.user;
            change.at = h.change.at;
            out.push_back({h.unit, std::move(id), std::move(change)});
        }
    }
    return out;
}

void strip(std::optional<Feature>& state, const std::string& layer, const Held& held)
{
    const auto it = held.find(layer);
    if (!state || it == held.end())
        return;
    for (const auto& name : it->second)
        state->attributes.erase(name);
}

void keep_held(Store& field, const std::string& layer, const std::string& id, std::optional<Feature>& state, const Held& held)
{
    const auto it = held.find(layer);
    if (!state || it == held.end())
        return;
    const auto now = field.find_feature(layer, id);
    if (!now)
        return;
    for (const auto& name : it->second) {
        const auto value = now->attributes.find(name);
        if (value != now->attributes.end())
            state->attributes[name] = value->second;
    }
}

} // namespace lode::sync_fields
