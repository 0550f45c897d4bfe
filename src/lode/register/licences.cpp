#include "lode/register/licences.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/polygon_area.hpp"
#include "lode/import/importer.hpp"

namespace lode {

namespace {

void apply_fields(Store& store, Feature& licence, const FieldTexts& fields)
{
    const LayerKind& kind = store.layer_kind(licences_layer);
    std::vector<std::string> names;
    for (const auto& field : kind.fields)
        names.push_back(field.name);
    for (const auto& [name, text] : fields) {
        const FieldDef* field = kind.field(name);
        if (!field) {
            throw InputError("licence '" + licence.id + "': the licences layer has no field '" + name + "'" +
                             did_you_mean(name, names));
        }
        licence.attributes[name] = field_value(*field, text, store.commodities(), Where{"", -1, licence.id, name});
    }
}

// The checks of every licence whatever was changed: required fields, dates in order.
void check_licence(Store& store, const Feature& licence)
{
    for (const auto& field : store.layer_kind(licences_layer).fields) {
        auto it = licence.attributes.find(field.name);
        if (field.required && (it == licence.attributes.end() || is_null(it->second)))
            throw_input(Where{"", -1, licence.id, field.name}, "is required but empty");
    }
    auto text = [&](const char* name) {
        auto it = licence.attributes.find(name);
        return it == licence.attributes.end() ? std::string() : to_text(it->second);
    };
    const std::string applied = text("applied"), granted = text("granted"), expiry = text("expiry");
    if (!applied.empty() && !granted.empty() && granted < applied)
        throw_input(Where{"", -1, licence.id, "granted"}, granted + " is before the application date " + applied);
    if (!granted.empty() && !expiry.empty() && expiry <= granted)
        throw_input(Where{"", -1, licence.id, "expiry"}, expiry + " is not after the grant date " + granted);
    const std::string surrendered = text("surrendered"), since = granted.empty() ? applied : granted;
    if (!surrendered.empty() && !since.empty() && surrendered < since)
        throw_input(Where{"", -1, licence.id, "surrendered"}, surrendered + " is before " + (granted.empty() ? "the application date " : "the grant date ") + since);
}

// The licence to change, its row locked till the write transaction ends (another writer's change
// of it is waited for and read, not written over).
Feature require_feature(Store& store, const std::string& id)
{
    require_licence(store, id);
    store.lock_features(licences_layer, {id});
    return *store.find_feature(licences_layer, id);
}

} // namespace

Feature add_licence(Store& store, const std::string& id, const std::string& project, const FieldTexts& fields,
                    const std::string& wkt)
{
    const LayerKind& kind = store.layer_kind(licences_layer);
    Feature licence;
    licence.id = std::string(trim(id));
    if (licence.id.empty())
        throw InputError("licence: the id is empty");
    Project p;
    licence.project = store.require_project(project, p).code;
    if (store.find_feature(licences_layer, licence.id))
        throw InputError("licence '" + licence.id + "' already exists", Hint::update_licence);
    for (const auto& field : kind.fields)
        licence.attributes[field.name] = Value{};
    FieldTexts with_number = fields;
    with_number.try_emplace("licence_no", licence.id);
    // A field not given takes the kind's default, as it does on import.
    for (const auto& field : kind.fields)
        if (field.default_value)
            with_number.try_emplace(field.name, *field.default_value);
    apply_fields(store, licence, with_number);
    check_licence(store, licence);
    licence.wkb = checked_lonlat_geometry(wkt, kind.geometry, Where{"", -1, licence.id, "geometry"});
    store.insert_feature(licences_layer, licence);
    return licence;
}

Feature update_licence(Store& store, const std::string& id, const FieldTexts& fields)
{
    Feature licence = require_feature(store, id);
    apply_fields(store, licence, fields);
    check_licence(store, licence);
    store.update_feature(licences_layer, licence);
    return licence;
}

Feature surrender_licence(Store& store, const std::string& id, const std::string& date)
{
    Feature licence = require_feature(store, id);
    const std::string status = to_text(licence.attributes["status"]);
    if (status == "surrendered")
        throw InputError("licence '" + id + "' was already surrendered on " + to_text(licence.attributes["surrendered"]));
    return update_licence(store, id, {{"status", "surrendered"}, {"surrendered", date}});
}

LicenceCard licence_card(Store& store, const std::string& id)
{
    LicenceCard card;
    card.licence = require_feature(store, id);
    card.area_km2 = area_m2_lonlat_edges(card.licence.wkb) / 1e6;
    card.partners = store.the_register().licence_interests(id);
    const auto sums = interest_sums(card.partners);
    card.interests = sums.empty() ? InterestSum{id, 0, 0} : sums.front();
    card.obligations = store.the_register().obligations(id, false);
    return card;
}

} // namespace lode
