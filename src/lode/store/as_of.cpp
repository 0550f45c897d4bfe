#include "lode/store/as_of.hpp"

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

} // namespace lode
