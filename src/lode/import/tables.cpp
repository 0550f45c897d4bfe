#include "lode/import/tables.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/base/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>

namespace lode {

namespace {

// Calls row(get) for each record, where get(column) returns the cell text; required columns must exist.
void read_table(const std::string& path, const std::vector<std::string>& required,
                const std::function<void(const std::function<std::string(const std::string&)>&)>& row)
{
    if (!std::filesystem::exists(path))
        throw InputError(path + ": no such file");
    register_gdal();
    QuietGdal quiet;
    Dataset ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds || ds->GetLayerCount() < 1)
        throw InputError(path + ": not a readable table" + (quiet.last().empty() ? "" : " (" + quiet.last() + ")"));
    OGRLayer* layer = ds->GetLayer(0);
    for (const auto& column : required)
        if (layer->GetLayerDefn()->GetFieldIndex(column.c_str()) < 0)
            throw InputError(path + ": has no column '" + column + "' (needs: " + join(required, ", ") + ")");
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        const long long fid = f->GetFID();
        try {
            row([&](const std::string& column) {
                const int i = f->GetFieldIndex(column.c_str());
                return i < 0 ? std::string() : std::string(trim(f->GetFieldAsString(i)));
            });
        } catch (const Error& e) {
            throw InputError(path + ": row " + std::to_string(fid) + ": " + e.where().prefix() + e.reason(), e.hint());
        }
    }
}

} // namespace

std::vector<ReferenceValue> read_reference_values(const std::string& path)
{
    std::vector<ReferenceValue> out;
    read_table(path, {"name", "analyte", "value", "sd"}, [&](const auto& get) {
        const auto value = parse_optional_number(get("value"), "value");
        const auto sd = parse_optional_number(get("sd"), "sd");
        out.push_back(reference_value(get("name"), get("analyte"), value.value_or(NAN), sd.value_or(NAN), get("source"),
                                      Analytes::built_in()));
    });
    return out;
}

std::vector<Project> read_projects(const std::string& path)
{
    std::vector<Project> out;
    read_table(path, {"code", "name", "phase"}, [&](const auto& get) {
        out.push_back({get("code"), get("name"), get("host_countries"), get("commodities"), get("phase"),
                       get("start_date"), get("description"), get("source")});
    });
    return out;
}

std::vector<Partnership> read_partnerships(const std::string& path)
{
    std::vector<Partnership> out;
    read_table(path, {"project", "organisation", "role"}, [&](const auto& get) {
        out.push_back({get("project"), get("organisation"), get("country"), get("role"), get("source")});
    });
    return out;
}

std::optional<double> parse_optional_number(const std::string& given, const std::string& what)
{
    const std::string text(trim(given));
    if (text.empty())
        return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        throw InputError(what + ": '" + text + "' is not a number");
    return value;
}

std::vector<Milestone> read_milestones(const std::string& path)
{
    std::vector<Milestone> out;
    read_table(path, {"project", "date", "title"}, [&](const auto& get) {
        out.push_back({0, get("project"), get("date"), get("phase"), get("title"), get("status"), get("document"), get("source")});
    });
    return out;
}

std::vector<AgreementTerm> read_terms(const std::string& path)
{
    std::vector<AgreementTerm> out;
    read_table(path, {"project", "kind", "text"}, [&](const auto& get) {
        out.push_back({0, get("project"), get("partner"), get("kind"), get("text"), get("starts"), get("ends"),
                       get("document"), get("source")});
    });
    return out;
}

std::vector<Obligation> read_obligations(const std::string& path)
{
    std::vector<Obligation> out;
    read_table(path, {"licence", "kind", "due"}, [&](const auto& get) {
        Obligation o;
        o.licence = get("licence");
        o.kind = get("kind");
        o.description = get("description");
        o.due = get("due");
        o.amount = parse_optional_number(get("amount"), "amount");
        o.currency = get("currency");
        o.done = get("done");
        if (auto every = parse_optional_number(get("every_months"), "every_months")) {
            if (std::floor(*every) != *every)
                throw InputError("every_months: '" + get("every_months") + "' is not a whole number");
            o.every_months = static_cast<int>(*every);
        }
        o.note = get("note");
        out.push_back(o);
    });
    return out;
}

std::vector<Interest> read_interests(const std::string& path, const std::string& scope_column)
{
    std::vector<Interest> out;
    read_table(path, {scope_column, "partner"}, [&](const auto& get) {
        out.push_back({get(scope_column), get("partner"), "", get("role"),
                       parse_optional_number(get("interest_pct"), "interest_pct"), get("source")});
    });
    return out;
}

std::vector<Institute> read_institutes(const std::string& path)
{
    std::vector<Institute> out;
    read_table(path, {"organisation", "short_name", "latitude", "longitude", "source"}, [&](const auto& get) {
        Institute i;
        i.organisation = get("organisation");
        i.short_name = get("short_name");
        i.place = get("place");
        i.position = get("position");
        i.country = get("country");
        i.source = get("source");
        i.home = lower(get("home")) == "yes";
        const std::string lat = get("latitude"), lon = get("longitude");
        if (i.organisation.empty() || i.short_name.empty())
            throw InputError("organisation and short_name must not be empty");
        if (lat.empty() != lon.empty())
            throw InputError(i.short_name + ": give both latitude and longitude, or neither");
        if (!lat.empty()) {
            char* end = nullptr;
            i.latitude = std::strtod(lat.c_str(), &end);
            if (*end || i.latitude < -90 || i.latitude > 90)
                throw InputError(i.short_name + ": latitude '" + lat + "' is not a number within ±90");
            i.longitude = std::strtod(lon.c_str(), &end);
            if (*end || i.longitude < -180 || i.longitude > 180)
                throw InputError(i.short_name + ": longitude '" + lon + "' is not a number within ±180");
            if (i.source.empty())
                throw InputError(i.short_name + ": a coordinate needs its source");
            i.located = true;
        }
        out.push_back(std::move(i));
    });
    return out;
}

} // namespace lode
