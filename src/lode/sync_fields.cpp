// lode sync's fields added to a layer on one side (lode/sync_fields.hpp).
#include "lode/sync_fields.hpp"

#include "lode/base/error.hpp"
#include "lode/base/value.hpp"
#include "lode/sync_shared.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

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

// A number in decimal notation as its digits (no leading or trailing zeros; none for zero) and the
// power of ten of the last, so that two notations of one number compare equal ("2.50", "25e-1").
struct Decimal {
    bool negative = false;
    std::string digits;
    long exponent = 0;
    bool operator==(const Decimal&) const = default;
};

// The number a text holds in decimal notation (a sign, digits with a point, an exponent), nothing
// around it; nullopt for anything else (spaces, hex, inf, nan).
std::optional<Decimal> decimal(std::string_view text)
{
    Decimal out;
    std::size_t at = 0;
    if (at < text.size() && (text[at] == '-' || text[at] == '+'))
        out.negative = text[at++] == '-';
    std::string digits;
    long fraction = 0;
    bool point = false;
    for (; at < text.size(); ++at) {
        const char c = text[at];
        if (c >= '0' && c <= '9') {
            digits += c;
            fraction += point ? 1 : 0;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (digits.empty())
        return std::nullopt;
    long exponent = 0;
    if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
        ++at;
        const bool minus = at < text.size() && text[at] == '-';
        if (at < text.size() && (text[at] == '-' || text[at] == '+'))
            ++at;
        const auto [end, ec] = std::from_chars(text.data() + at, text.data() + text.size(), exponent);
        if (ec != std::errc{} || end == text.data() + at || std::labs(exponent) > 100000)
            return std::nullopt;
        at = static_cast<std::size_t>(end - text.data());
        exponent = minus ? -exponent : exponent;
    }
    if (at != text.size())
        return std::nullopt;
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos)
        return Decimal{};   // zero, of either sign
    const auto last = digits.find_last_not_of('0');
    out.digits = digits.substr(first, last - first + 1);
    out.exponent = exponent - fraction + static_cast<long>(digits.size() - 1 - last);
    return out;
}

// A real's shortest text that reads back as it (std::to_chars).
std::string shortest(double value)
{
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

std::optional<Value> text_as_number(const std::string& text, FieldType type)
{
    const auto number = decimal(text);
    if (!number)
        return std::nullopt;
    if (type == FieldType::integer) {
        if (number->digits.empty())
            return Value{std::int64_t{0}};
        if (number->exponent < 0 || number->digits.size() + static_cast<std::size_t>(number->exponent) > 19)
            return std::nullopt;
        const std::string whole = (number->negative ? "-" : "") + number->digits + std::string(static_cast<std::size_t>(number->exponent), '0');
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), value);
        if (ec != std::errc{} || end != whole.data() + whole.size())
            return std::nullopt;   // beyond a 64-bit integer
        return Value{value};
    }
    // from_chars reads no '+'; a double that reads the text must name the same number, so that no
    // digit the text holds is lost (0.30000000000000001 is not 0.3).
    const std::string_view unsigned_text = text.front() == '+' ? std::string_view(text).substr(1) : std::string_view(text);
    double value = 0;
    const auto [end, ec] = std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(), value);
    if (ec != std::errc{} || end != unsigned_text.data() + unsigned_text.size() || !std::isfinite(value) || decimal(shortest(value)) != number)
        return std::nullopt;
    return Value{value};
}

// The copy's definition of a field of a layer, when it has it.
std::optional<FieldDef> field_def(Store& store, const std::string& layer, const std::string& name)
{
    const LayerKind* kind = kind_named(store, layer);
    if (!kind)
        return std::nullopt;
    const auto it = std::find_if(kind->fields.begin(), kind->fields.end(), [&](const FieldDef& d) { return d.name == name; });
    return it == kind->fields.end() ? std::nullopt : std::optional<FieldDef>(*it);
}

std::string what_field(const std::string& layer, const std::string& name, const std::string& types, std::size_t values)
{
    return "field " + name + " of layer " + layer + " (" + types + ") with its values in " + std::to_string(values) +
           (values == 1 ? " feature" : " features");
}

std::string owner_adds(const std::string& layer, const FieldDef& def)
{
    std::string step = "lode layer add-field " + layer + " " + def.name + " --type " + to_string(def.type);
    if (!def.unit.empty())
        step += " --unit '" + def.unit + "'";
    return step;
}

// Whether the copy set the field of a feature since the last sync: made it, changed the field, or
// a change that names no values (a held field's release).
bool set_in_copy(const std::vector<FeatureChange>& changes, const std::string& name)
{
    return std::any_of(changes.begin(), changes.end(), [&](const FeatureChange& c) {
        return c.action == "insert" || !c.old_values.is_object() || c.old_values.contains(name);
    });
}

} // namespace

std::optional<Value> exactly_as(const Value& value, FieldType type)
{
    if (is_null(value))
        return value;
    switch (type) {
    case FieldType::text:
        if (const auto* d = std::get_if<double>(&value))
            return Value{shortest(*d)};
        return Value{to_text(value)};
    case FieldType::real:
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            // 2^63 itself is no int64: the range checked before the cast back.
            const double d = static_cast<double>(*i);
            if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && static_cast<std::int64_t>(d) == *i)
                return Value{d};
            return std::nullopt;
        }
        if (std::holds_alternative<double>(value))
            return value;
        return text_as_number(std::get<std::string>(value), type);
    case FieldType::integer:
        if (std::holds_alternative<std::int64_t>(value))
            return value;
        if (const auto* s = std::get_if<std::string>(&value))
            return text_as_number(*s, type);
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

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
                out.clashes.push_back({kind.name, f, other->type});
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
        sync_shared::hold(report, server, HeldBack{held_table, layer, def.name, added_by(field, origin, layer, def.name)},
                          what_field(layer, def.name, to_string(def.type), values), refusal,
                          "the store's owner adds it (" + owner_adds(layer, def) + ")");
        out[layer].insert(def.name);
    }
    return out;
}

std::vector<HeldBack> follow(const std::vector<HeldBack>& held, Store& field, const std::function<std::string(const std::string&)>& now_named)
{
    std::vector<HeldBack> out;
    for (auto h : held) {
        if (h.table == held_table) {
            h.unit = now_named(h.unit);
            if (!field_def(field, h.unit, h.to))
                continue;   // its layer dropped (the drop carried as any), or the field gone
        }
        out.push_back(std::move(h));
    }
    return out;
}

Held hold_with_layers(Store& field, const CheckoutOrigin& origin, const std::set<std::string>& held_layers, SyncReport& report)
{
    Held out;
    for (const auto& h : origin.held) {
        if (h.table != held_table || !held_layers.count(h.unit))
            continue;
        const auto def = field_def(field, h.unit, h.to);
        if (!def)
            continue;
        sync_shared::note_held(report, h, what_field(h.unit, h.to, to_string(def->type), holding_values(field, h.unit, h.to).size()),
                               "its layer is held back (above)",
                               "the store's owner adds it once the server has the layer under this name (" + owner_adds(h.unit, *def) + ")");
        out[h.unit].insert(h.to);
    }
    return out;
}

Converted convert_or_hold(Store& field, const NewFields& fields, const CheckoutOrigin& origin, Held& held, SyncReport& report)
{
    Converted out;
    for (const auto& c : fields.clashes) {
        std::size_t values = 0, refused = 0;
        std::string example;
        field.scan(c.layer, Selection{}, Reading::features(), [&](ScanRow& row) {
            const auto it = row.feature.attributes.find(c.in_field.name);
            if (it == row.feature.attributes.end() || is_null(it->second))
                return true;
            ++values;
            if (!exactly_as(it->second, c.on_server) && refused++ == 0)
                example = row.feature.id + ": " + std::get<std::string>(*exactly_as(it->second, FieldType::text));   // a real in full
            return true;
        });
        const Types types{c.in_field.type, c.on_server};
        if (refused == 0) {
            out[c.layer][c.in_field.name] = types;
            continue;
        }
        const std::string as = std::string(to_string(c.in_field.type)) + " in the field copy, " + to_string(c.on_server) + " on the server";
        sync_shared::note_held(report, HeldBack{held_table, c.layer, c.in_field.name, added_by(field, origin, c.layer, c.in_field.name)},
                               what_field(c.layer, c.in_field.name, as, values),
                               "the server's field stands, and " + std::to_string(refused) + " of the copy's values" +
                                   (refused == 1 ? " does" : " do") + " not convert to " + to_string(c.on_server) + " exactly (" + example +
                                   ")",
                               "correct those values in the field copy (or empty them)");
        held[c.layer].insert(c.in_field.name);
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

void strip(std::optional<Feature>& state, const std::string& layer, const std::optional<Feature>& server,
           const std::vector<FeatureChange>& changes, const Held& held, const Converted& converted)
{
    if (!state)
        return;
    // The server's value of a field, or none (the server lacks the field or the feature).
    auto server_value = [&](const std::string& name) {
        if (server)
            if (const auto it = server->attributes.find(name); it != server->attributes.end())
                return std::optional<Value>(it->second);
        return std::optional<Value>();
    };
    auto take_server = [&](const std::string& name) {
        if (const auto value = server_value(name))
            state->attributes[name] = *value;
        else
            state->attributes.erase(name);
    };
    if (const auto it = held.find(layer); it != held.end())
        for (const auto& name : it->second)
            take_server(name);
    if (const auto it = converted.find(layer); it != converted.end())
        for (const auto& [name, types] : it->second) {
            auto& value = state->attributes[name];
            // Unchanged in the copy, the feature is compared as it is there (a server's change of
            // the field is then pulled); changed, the field keeps the server's value unless the copy set it.
            const auto as = exactly_as(value, types.on_server);
            if (as && (changes.empty() || set_in_copy(changes, name)))
                value = *as;
            else
                take_server(name);
        }
}

void keep_held(Store& field, const std::string& layer, const std::string& id, std::optional<Feature>& state, const Held& held,
               const Converted& converted)
{
    if (!state)
        return;
    if (const auto it = converted.find(layer); it != converted.end())
        for (const auto& [name, types] : it->second)
            if (auto value = state->attributes.find(name); value != state->attributes.end())
                if (const auto as = exactly_as(value->second, types.in_field))
                    value->second = *as;
    const auto it = held.find(layer);
    if (it == held.end())
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
