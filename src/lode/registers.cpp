#include "lode/registers.hpp"

#include "lode/error.hpp"
#include "lode/gdal.hpp"
#include "lode/text.hpp"

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
            throw InputError(path + ": row " + std::to_string(fid) + ": " + e.what());
        }
    }
}

} // namespace

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

} // namespace lode
