#include "lode/store/as_of.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/shape.hpp"

#include <cmath>
#include <limits>

namespace lode {

namespace {

Value value_from_json(const nlohmann::json& v)
{
    if (v.is_number_integer() || v.is_number_unsigned())
        return v.get<std::int64_t>();
    if (v.is_number_float())
        return v.get<double>();
    if (v.is_boolean())
        return static_cast<std::int64_t>(v.get<bool>());
    if (v.is_string())
        return v.get<std::string>();
    return Value{};
}

// Sets the columns recorded in `columns` (a JSON object of an old image) on feature.
void apply_columns(Feature& feature, const LayerKind& kind, const nlohmann::json& columns)
{
    for (const auto& [name, v] : columns.items()) {
        if (name == "id")
            feature.id = v.is_string() ? v.get<std::string>() : v.dump();
        else if (name == "project")
            feature.project = v.is_string() ? v.get<std::string>() : "";
        else if (name == "extra")
            feature.extra = v.is_string() ? nlohmann::json::parse(v.get<std::string>(), nullptr, false) : nlohmann::json::object();
        else if (name == "imported_from")
            feature.imported_from = v.is_string() ? v.get<std::string>() : "";
        else if (kind.field(name))
            feature.attributes[name] = value_from_json(v);
    }
    if (feature.extra.is_discarded() || !feature.extra.is_object())
        feature.extra = nlohmann::json::object();
}

} // namespace

void undo_change(std::optional<Feature>& state, const LayerKind& kind, const std::string& action,
                 const nlohmann::json& old_columns, const std::vector<unsigned char>* old_wkb)
{
    if (action == "insert") {
        state.reset();
        return;
    }
    if (action == "delete") {
        state.emplace();
        for (const auto& field : kind.fields)
            state->attributes[field.name] = Value{};
    }
    if (!state)
        return;
    if (old_columns.is_object())
        apply_columns(*state, kind, old_columns);
    if (old_wkb)
        state->wkb = *old_wkb;
}

void merge_as_of(const std::map<std::int64_t, std::optional<Feature>>& changed, const Selection& selection,
                 const std::function<std::optional<std::int64_t>()>& next_fid, const std::function<Feature()>& current,
                 const std::function<bool(const Feature&)>& visit)
{
    auto wanted = [&](const Feature& f) {
        if (selection.project && f.project != *selection.project)
            return false;
        if (const auto& b = selection.bbox) {
            const BBox box = shape_from_wkb(f.wkb).box;
            if (box.east < b->west || box.west > b->east || box.north < b->south || box.south > b->north)
                return false;
        }
        return true;
    };
    auto rebuilt = changed.begin();
    // Visits the rebuilt rows before fid; false when the visitor stops.
    auto rebuilt_before = [&](std::int64_t fid) {
        for (; rebuilt != changed.end() && rebuilt->first < fid; ++rebuilt)
            if (rebuilt->second && wanted(*rebuilt->second) && !visit(*rebuilt->second))
                return false;
        return true;
    };
    while (const auto fid = next_fid()) {
        if (!rebuilt_before(*fid))
            return;
        if (changed.count(*fid))
            continue;
        if (!visit(current()))
            return;
    }
    rebuilt_before(std::numeric_limits<std::int64_t>::max());
}

void fill_from_feature(const Feature& f, const LayerKind& kind, const Reading& reading, ScanRow& row)
{
    auto attribute = [&](const std::string& name) -> const Value* {
        const auto it = f.attributes.find(name);
        return it == f.attributes.end() ? nullptr : &it->second;
    };
    if (reading.ids) {
        row.id = f.id;
        if (!reading.id_only) {
            row.project = f.project;
            const Value* name = kind.field("name") ? attribute("name") : nullptr;
            row.name = name && !is_null(*name) ? to_text(*name) : std::string();
        }
    }
    if (reading.geometry == Reading::Geometry::wkb) {
        row.wkb = f.wkb;
    } else if (reading.geometry == Reading::Geometry::point) {
        const Shape shape = shape_from_wkb(f.wkb);
        row.x = shape.x();
        row.y = shape.y();
    }
    row.numbers.clear();
    for (const auto& number : reading.numbers) {
        const Value* v = attribute(number);
        row.numbers.push_back(v ? as_number(*v) : std::nan(""));
    }
    if (!reading.text.empty()) {
        const Value* v = attribute(reading.text);
        row.text = v && !is_null(*v) ? to_text(*v) : std::string();
    }
    if (reading.fields) {
        row.values.clear();
        for (const auto& field : kind.fields) {
            const Value* v = attribute(field.name);
            row.values.push_back(v ? *v : Value{});
        }
        row.extra = f.extra.dump();
    }
}

void check_reading(const LayerKind& kind, const Reading& reading)
{
    const std::string& layer = kind.name;
    if (!reading.text.empty() && !kind.field(reading.text))
        throw InputError("layer '" + layer + "' has no field '" + reading.text + "'");
    if (reading.geometry == Reading::Geometry::point && kind.geometry != GeometryType::point)
        throw InputError("layer '" + layer + "' holds " + to_string(kind.geometry) + "s, not points");
    for (const auto& number : reading.numbers) {
        const FieldDef* field = kind.field(number);
        if (!field || (field->type != FieldType::real && field->type != FieldType::integer))
            throw InputError("layer '" + layer + "' has no numeric field '" + number + "'");
    }
}

} // namespace lode
