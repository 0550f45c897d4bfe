#include "lode/schema/layer_kind.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <type_traits>

namespace lode {

namespace {

GeometryType parse_geometry(const std::string& text, const std::string& origin)
{
    if (text == "Point")
        return GeometryType::point;
    if (text == "MultiLineString" || text == "LineString")
        return GeometryType::multilinestring;
    if (text == "MultiPolygon" || text == "Polygon")
        return GeometryType::multipolygon;
    throw Error(origin + ": geometry '" + text + "' is not Point, MultiLineString or MultiPolygon");
}

FieldType parse_field_type(const std::string& text, const std::string& origin)
{
    static const std::pair<const char*, FieldType> types[] = {
        {"text", FieldType::text},         {"integer", FieldType::integer},
        {"real", FieldType::real},         {"date", FieldType::date},
        {"commodity", FieldType::commodity}, {"commodities", FieldType::commodities}};
    for (const auto& [type_name, type] : types)
        if (text == type_name)
            return type;
    throw Error(origin + ": field type '" + text + "' is not one of text, integer, real, date, commodity, commodities");
}

// The "default" of a field as text, checked against its type, range and allowed values.
std::string parse_default(const nlohmann::json& value, const FieldDef& field, const std::string& at)
{
    auto refuse = [&](const std::string& why) -> std::string { throw Error(at + ": " + why); };
    std::string text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_number() && (field.type == FieldType::integer || field.type == FieldType::real))
        text = value.dump();
    else
        refuse("is not a " + std::string(field.type == FieldType::text ? "text" : to_string(field.type)) + " value");
    if (trim(text).empty())
        refuse("is empty");
    switch (field.type) {
    case FieldType::text:
        if (!field.allowed.empty() && std::find(field.allowed.begin(), field.allowed.end(), text) == field.allowed.end())
            refuse("'" + text + "' is not one of: " + join(field.allowed, ", "));
        break;
    case FieldType::integer:
    case FieldType::real: {
        std::size_t used = 0;
        double number = 0;
        try {
            number = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || (field.type == FieldType::integer && number != static_cast<double>(static_cast<long long>(number))))
            refuse("'" + text + "' is not " + (field.type == FieldType::integer ? "a whole number" : "a number"));
        if ((field.min && number < *field.min) || (field.max && number > *field.max))
            refuse("'" + text + "' is outside the field's range");
        break;
    }
    case FieldType::date:
        if (!parse_date(text))
            refuse("'" + text + "' is not a date (YYYY-MM-DD)");
        break;
    case FieldType::commodity:
    case FieldType::commodities: break;   // checked against the store's vocabulary when used
    }
    return text;
}

// The "aliases" of a field: each key an allowed value, each alias a list of texts that no other
// allowed value or alias already means.
std::vector<std::pair<std::string, std::vector<std::string>>> parse_aliases(const nlohmann::json& aliases, const FieldDef& field,
                                                                          const std::string& at)
{
    if (!aliases.is_object())
        throw Error(at + ": is not an object of allowed value -> list of aliases");
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    std::vector<std::pair<std::string, std::string>> meaning;   // key, allowed value
    for (const auto& a : field.allowed)
        meaning.emplace_back(value_key(a), a);
    for (const auto& [value, list] : aliases.items()) {
        if (std::find(field.allowed.begin(), field.allowed.end(), value) == field.allowed.end())
            throw Error(at + ": '" + value + "' is not one of the field's allowed values (" + join(field.allowed, ", ") + ")");
        if (!list.is_array())
            throw Error(at + "." + value + ": is not a list of aliases");
        std::vector<std::string> names;
        for (const auto& item : list) {
            if (!item.is_string() || trim(item.get<std::string>()).empty())
                throw Error(at + "." + value + ": an alias is not a text");
            const std::string alias = item.get<std::string>();
            for (const auto& [key, meant] : meaning)
                if (key == value_key(alias) && meant != value)
                    throw Error(at + "." + value + ": alias '" + alias + "' already means '" + meant + "'");
            meaning.emplace_back(value_key(alias), value);
            names.push_back(alias);
        }
        out.emplace_back(value, std::move(names));
    }
    return out;
}

} // namespace

std::string value_key(const std::string& text)
{
    std::string out;
    for (char c : trim(text)) {
        const bool space = c == ' ' || c == '-' || c == '_' || c == '\t';
        if (space) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
    }
    return out;
}

const std::string* FieldDef::allowed_match(const std::string& text) const
{
    const std::string key = value_key(text);
    for (const auto& a : allowed)
        if (value_key(a) == key)
            return &a;
    for (const auto& [value, names] : aliases)
        for (const auto& alias : names)
            if (value_key(alias) == key)
                return &*std::find(allowed.begin(), allowed.end(), value);
    return nullptr;
}

const FieldDef* LayerKind::field(const std::string& wanted) const
{
    auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldDef& f) { return f.name == wanted; });
    return it == fields.end() ? nullptr : &*it;
}

LayerKind parse_layer_kind(const nlohmann::json& definition, const std::string& origin)
{
    // Every key is known, so that a misspelt one ("requried") is an error, not silently ignored.
    static const std::vector<std::string> kind_keys = {"name", "title", "description", "geometry", "fields", "style"};
    static const std::vector<std::string> field_keys = {"name", "type", "unit", "description", "required",
                                                        "allowed", "min", "max", "default", "aliases"};
    auto check_keys = [&](const nlohmann::json& object, const std::vector<std::string>& known, const std::string& at) {
        if (!object.is_object())
            throw Error(origin + ": " + at + "is not a JSON object");
        for (const auto& [key, value] : object.items())
            if (std::find(known.begin(), known.end(), key) == known.end())
                throw Error(origin + ": " + at + "unknown key '" + key + "'" + did_you_mean(key, known, "keys", 1));
    };
    // The value of a key, with the key named when it is missing or of the wrong type.
    auto get = [&](const nlohmann::json& object, const char* key, const std::string& at, auto fallback) {
        using T = decltype(fallback);
        if (!object.contains(key))
            return fallback;
        try {
            return object.at(key).get<T>();
        } catch (const nlohmann::json::exception&) {
            throw Error(origin + ": " + at + "key '" + key + "' is not " +
                        (std::is_same_v<T, bool> ? "true or false" : std::is_same_v<T, double> ? "a number"
                         : std::is_same_v<T, std::string> ? "a text" : "a list of texts"));
        }
    };
    auto required_key = [&](const nlohmann::json& object, const char* key, const std::string& at) {
        if (!object.contains(key))
            throw Error(origin + ": " + at + "the key '" + key + "' is missing");
    };
    check_keys(definition, kind_keys, "");
    LayerKind kind;
    kind.definition = definition;
    required_key(definition, "name", "");
    kind.name = get(definition, "name", "", std::string());
    kind.title = get(definition, "title", "", kind.name);
    kind.description = get(definition, "description", "", std::string());
    required_key(definition, "geometry", "");
    kind.geometry = parse_geometry(get(definition, "geometry", "", std::string()), origin);
    kind.style = definition.value("style", nlohmann::json::object());
    if (!kind.style.is_object())
        throw Error(origin + ": key 'style' is not a JSON object");
    required_key(definition, "fields", "");
    if (!definition.at("fields").is_array())
        throw Error(origin + ": key 'fields' is not a list of fields");
    static const char* reserved[] = {"fid", "id", "project", "extra", "geom", "imported_from"};
    std::size_t n = 0;
    for (const auto& f : definition.at("fields")) {
        std::string at = "fields[" + std::to_string(n++) + "]: ";
        check_keys(f, field_keys, at);
        FieldDef field;
        required_key(f, "name", at);
        field.name = get(f, "name", at, std::string());
        at = "field '" + field.name + "': ";
        if (std::find(std::begin(reserved), std::end(reserved), field.name) != std::end(reserved))
            throw Error(origin + ": field name '" + field.name + "' is reserved by lode");
        if (std::count_if(kind.fields.begin(), kind.fields.end(), [&](const FieldDef& d) { return d.name == field.name; }))
            throw Error(origin + ": " + at + "appears twice");
        field.type = parse_field_type(get(f, "type", at, std::string("text")), origin);
        field.unit = get(f, "unit", at, std::string());
        field.description = get(f, "description", at, std::string());
        field.required = get(f, "required", at, false);
        field.allowed = get(f, "allowed", at, std::vector<std::string>());
        if (f.contains("min"))
            field.min = get(f, "min", at, 0.0);
        if (f.contains("max"))
            field.max = get(f, "max", at, 0.0);
        if (f.contains("aliases"))
            field.aliases = parse_aliases(f.at("aliases"), field, origin + ": " + at + "\"aliases\"");
        if (f.contains("default"))
            field.default_value = parse_default(f.at("default"), field, origin + ": " + at + "\"default\"");
        kind.fields.push_back(std::move(field));
    }
    return kind;
}

nlohmann::json field_definition(const FieldDef& field)
{
    nlohmann::json out = {{"name", field.name}, {"type", to_string(field.type)}};
    if (!field.unit.empty())
        out["unit"] = field.unit;
    if (!field.description.empty())
        out["description"] = field.description;
    if (field.required)
        out["required"] = true;
    if (!field.allowed.empty())
        out["allowed"] = field.allowed;
    if (field.min)
        out["min"] = *field.min;
    if (field.max)
        out["max"] = *field.max;
    if (field.default_value)
        out["default"] = *field.default_value;
    if (!field.aliases.empty()) {
        nlohmann::json aliases = nlohmann::json::object();
        for (const auto& [value, names] : field.aliases)
            aliases[value] = names;
        out["aliases"] = aliases;
    }
    return out;
}

std::optional<FieldType> field_type_named(const std::string& text)
{
    for (FieldType type : {FieldType::text, FieldType::integer, FieldType::real, FieldType::date, FieldType::commodity,
                           FieldType::commodities})
        if (text == to_string(type))
            return type;
    return std::nullopt;
}

std::vector<LayerKind> load_layer_kinds(const std::string& dir)
{
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir))
        throw Error(dir + ": layer definitions folder not found");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<LayerKind> kinds;
    for (const auto& path : files) {
        std::ifstream in(path);
        nlohmann::json definition;
        try {
            definition = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw Error(path.string() + ": not valid JSON: " + e.what());
        }
        if (definition.contains("geometry"))
            kinds.push_back(parse_layer_kind(definition, path.string()));
    }
    if (kinds.empty())
        throw Error(dir + ": no layer definitions found");
    return kinds;
}

std::string default_layers_dir() { return LODE_LAYERS_DIR; }

nlohmann::json without_fields(const nlohmann::json& definition, const std::vector<std::string>& names)
{
    nlohmann::json out = definition;
    if (!out.contains("fields") || !out["fields"].is_array())
        return out;
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& f : out["fields"])
        if (std::find(names.begin(), names.end(), f.value("name", "")) == names.end())
            kept.push_back(f);
    out["fields"] = kept;
    return out;
}

LayerKind with_built_in_fields(const LayerKind& stored, const std::vector<std::string>& names, std::vector<FieldDef>& added)
{
    added.clear();
    std::vector<LayerKind> today;
    try {
        today = load_layer_kinds(default_layers_dir());
    } catch (const Error&) {
        return stored;   // lode's own definitions are not where it was built
    }
    const auto kind = std::find_if(today.begin(), today.end(), [&](const LayerKind& k) { return k.name == stored.name; });
    if (kind == today.end())
        return stored;
    if (stored.definition == without_fields(kind->definition, names)) {
        for (const auto& name : names)
            if (const FieldDef* f = kind->field(name))
                added.push_back(*f);
        return *kind;
    }
    nlohmann::json definition = stored.definition;
    auto& fields = definition["fields"];
    auto has = [&](const std::string& name) {
        return std::any_of(fields.begin(), fields.end(), [&](const nlohmann::json& f) { return lower(f.value("name", "")) == lower(name); });
    };
    const nlohmann::json& built_in = kind->definition["fields"];
    for (std::size_t i = 0; i < built_in.size(); ++i) {
        const std::string name = built_in[i].value("name", "");
        if (std::find(names.begin(), names.end(), name) == names.end() || has(name))
            continue;
        auto at = fields.end();
        if (i > 0) {
            const std::string before = built_in[i - 1].value("name", "");
            for (auto it = fields.begin(); it != fields.end(); ++it)
                if (it->value("name", "") == before)
                    at = it + 1;
        }
        fields.insert(at, built_in[i]);
        added.push_back(*kind->field(name));
    }
    return added.empty() ? stored : parse_layer_kind(definition, "layer " + stored.name);
}

const char* to_string(GeometryType type)
{
    switch (type) {
    case GeometryType::point: return "Point";
    case GeometryType::multilinestring: return "MultiLineString";
    case GeometryType::multipolygon: return "MultiPolygon";
    }
    return "?";
}

const char* to_string(FieldType type)
{
    switch (type) {
    case FieldType::text: return "text";
    case FieldType::integer: return "integer";
    case FieldType::real: return "real";
    case FieldType::date: return "date";
    case FieldType::commodity: return "commodity";
    case FieldType::commodities: return "commodities";
    }
    return "?";
}

const char* sql_type(FieldType type)
{
    switch (type) {
    case FieldType::integer: return "INTEGER";
    case FieldType::real: return "REAL";
    case FieldType::date: return "DATE";
    default: return "TEXT";
    }
}

} // namespace lode
