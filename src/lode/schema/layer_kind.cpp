#include "lode/schema/layer_kind.hpp"

#include "lode/base/error.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

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

} // namespace

const FieldDef* LayerKind::field(const std::string& wanted) const
{
    auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldDef& f) { return f.name == wanted; });
    return it == fields.end() ? nullptr : &*it;
}

LayerKind parse_layer_kind(const nlohmann::json& definition, const std::string& origin)
{
    try {
        LayerKind kind;
        kind.definition = definition;
        kind.name = definition.at("name").get<std::string>();
        kind.title = definition.value("title", kind.name);
        kind.description = definition.value("description", "");
        kind.geometry = parse_geometry(definition.at("geometry").get<std::string>(), origin);
        kind.style = definition.value("style", nlohmann::json::object());
        static const char* reserved[] = {"fid", "id", "project", "extra", "geom", "imported_from"};
        for (const auto& f : definition.at("fields")) {
            FieldDef field;
            field.name = f.at("name").get<std::string>();
            if (std::find(std::begin(reserved), std::end(reserved), field.name) != std::end(reserved))
                throw Error(origin + ": field name '" + field.name + "' is reserved by lode");
            field.type = parse_field_type(f.value("type", "text"), origin);
            field.unit = f.value("unit", "");
            field.description = f.value("description", "");
            field.required = f.value("required", false);
            if (f.contains("allowed"))
                field.allowed = f.at("allowed").get<std::vector<std::string>>();
            if (f.contains("min"))
                field.min = f.at("min").get<double>();
            if (f.contains("max"))
                field.max = f.at("max").get<double>();
            kind.fields.push_back(std::move(field));
        }
        return kind;
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": not a valid layer definition: " + e.what());
    }
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
