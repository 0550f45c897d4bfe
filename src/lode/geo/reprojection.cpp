#include "lode/geo/reprojection.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"

#include "lode/geo/proj.hpp"

#include <cmath>
#include <cstdio>

namespace lode {

SpatialReference parse_crs(const std::string& text, const std::string& what)
{
    QuietGdal quiet;
    SpatialReference crs(new OGRSpatialReference(), OSRRelease);
    if (crs->SetFromUserInput(text.c_str()) != OGRERR_NONE)
        throw InputError(what + " '" + text + "' is not a CRS that PROJ knows (try EPSG:nnnn)");
    crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return crs;
}

SpatialReference wgs84_lonlat()
{
    SpatialReference crs(new OGRSpatialReference(), OSRRelease);
    crs->importFromEPSG(4326);
    crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return crs;
}

SpatialReference clone_crs(const OGRSpatialReference& crs)
{
    SpatialReference copy(crs.Clone(), OSRRelease);
    copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

std::string describe_crs(const OGRSpatialReference& crs)
{
    std::string out;
    const char* authority = crs.GetAuthorityName(nullptr);
    const char* code = crs.GetAuthorityCode(nullptr);
    if (authority && code)
        out = std::string(authority) + ":" + code;
    const char* name = crs.GetName();
    if (name && *name)
        out += out.empty() ? name : std::string(" (") + name + ")";
    return out.empty() ? "unnamed CRS" : out;
}

std::string crs_code(const OGRSpatialReference& crs)
{
    const char* authority = crs.GetAuthorityName(nullptr);
    const char* code = crs.GetAuthorityCode(nullptr);
    return authority && code ? std::string(authority) + ":" + code : describe_crs(crs);
}

std::optional<AreaOfUse> area_of_use(const OGRSpatialReference& crs)
{
    AreaOfUse area;
    const char* name = nullptr;
    if (!crs.GetAreaOfUse(&area.box.west, &area.box.south, &area.box.east, &area.box.north, &name))
        return std::nullopt;
    area.name = name ? name : "";
    while (!area.name.empty() && (area.name.back() == '.' || area.name.back() == ' '))
        area.name.pop_back();
    return area;
}

bool in_area(const BBox& box, double lon, double lat, double margin)
{
    if (lat < box.south - margin || lat > box.north + margin)
        return false;
    if (box.west <= box.east)
        return lon >= box.west - margin && lon <= box.east + margin;
    return lon >= box.west - margin || lon <= box.east + margin;   // across the antimeridian
}

std::optional<std::string> projected_crs_by_name(const std::string& name)
{
    proj::Context context = proj::quiet_context();
    const PJ_TYPE types[] = {PJ_TYPE_PROJECTED_CRS};
    proj::PjList found(proj_create_from_name(context.get(), "EPSG", name.c_str(), types, 1, 0, 0, nullptr));
    if (!found)
        return std::nullopt;
    for (int i = 0; i < proj_list_get_count(found.get()); ++i) {
        proj::Pj crs(proj_list_get(context.get(), found.get(), i));
        const char* found_name = proj_get_name(crs.get());
        if (!crs || proj_is_deprecated(crs.get()) || !found_name || name != found_name)
            continue;
        const char* authority = proj_get_id_auth_name(crs.get(), 0);
        const char* code = proj_get_id_code(crs.get(), 0);
        if (authority && code)
            return std::string(authority) + ":" + code;
    }
    return std::nullopt;
}

ToWgs84::ToWgs84(const OGRSpatialReference& source)
    : source_(clone_crs(source)), target_(wgs84_lonlat()), transform_(nullptr)
{
    const char* same_options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    if (source_->IsSame(target_.get(), same_options))
        return;
    QuietGdal quiet;
    transform_.reset(OGRCreateCoordinateTransformation(source_.get(), target_.get()));
    if (!transform_)
        throw InputError("no transformation from " + describe_crs(*source_) + " to WGS 84: " + quiet.last());
}

bool ToWgs84::apply(OGRGeometry& geometry) const
{
    if (!transform_)
        return true;
    QuietGdal quiet;
    return geometry.transform(transform_.get()) == OGRERR_NONE;
}

void ToWgs84::apply(std::vector<double>& x, std::vector<double>& y, std::vector<bool>& ok) const
{
    ok.assign(x.size(), true);
    if (!transform_ || x.empty())
        return;
    std::vector<int> success(x.size(), 0);
    QuietGdal quiet;
    transform_->Transform(static_cast<int>(x.size()), x.data(), y.data(), nullptr, success.data());
    for (std::size_t i = 0; i < x.size(); ++i)
        ok[i] = success[i] != 0 && std::isfinite(x[i]) && std::isfinite(y[i]);
}

namespace {

std::string wkt2(const OGRSpatialReference& crs)
{
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    crs.exportToWkt(&text, options);
    std::string out = text ? text : "";
    CPLFree(text);
    return out;
}

std::string describe_box(const BBox& b)
{
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "%.4f,%.4f,%.4f,%.4f", b.west, b.south, b.east, b.north);
    return buffer;
}

// describe_crs, or the PROJ string of a CRS without a name ("unknown" is all PROJ calls it).
std::string label(const OGRSpatialReference& crs)
{
    const std::string described = describe_crs(crs);
    if (described != "unknown" && described != "unnamed CRS")
        return described;
    char* proj4 = nullptr;
    std::string out = crs.exportToProj4(&proj4) == OGRERR_NONE && proj4 ? std::string("'") + proj4 + "'" : described;
    CPLFree(proj4);
    return out;
}

bool meets(const BBox& data, const BBox& area)
{
    if (data.north < area.south || data.south > area.north)
        return false;
    if (area.west <= area.east)
        return data.east >= area.west && data.west <= area.east;
    return data.east >= area.west || data.west <= area.east;   // an area of use across the antimeridian
}

struct Operation {
    std::string name;
    double accuracy_m = -1;
};

// The best non-ballpark operation PROJ has from WGS 84 to target for the area, if any.
std::optional<Operation> best_operation(const OGRSpatialReference& target, const BBox& area)
{
    proj::Context context = proj::quiet_context();
    proj::Pj source(proj_create(context.get(), "EPSG:4326"));
    proj::Pj destination(proj_create(context.get(), wkt2(target).c_str()));
    if (!source || !destination)
        throw Error("PROJ cannot read the CRS " + label(target));
    proj::Factory factory(proj_create_operation_factory_context(context.get(), nullptr));
    proj_operation_factory_context_set_area_of_interest(context.get(), factory.get(), area.west, area.south, area.east,
                                                        area.north);
    proj_operation_factory_context_set_spatial_criterion(context.get(), factory.get(),
                                                         PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
    proj_operation_factory_context_set_grid_availability_use(context.get(), factory.get(),
                                                             PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
    proj_operation_factory_context_set_allow_ballpark_transformations(context.get(), factory.get(), 0);
    proj::PjList operations(proj_create_operations(context.get(), source.get(), destination.get(), factory.get()));
    if (!operations || proj_list_get_count(operations.get()) == 0)
        return std::nullopt;
    proj::Pj best(proj_list_get(context.get(), operations.get(), 0));
    Operation out;
    out.name = proj_get_name(best.get()) ? proj_get_name(best.get()) : "";
    out.accuracy_m = proj_coordoperation_get_accuracy(context.get(), best.get());
    return out;
}

} // namespace

FromWgs84::FromWgs84(const OGRSpatialReference& target, const std::optional<BBox>& area)
    : source_(wgs84_lonlat()), target_(clone_crs(target)), transform_(nullptr)
{
    const char* same_options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    if (target_->IsSame(source_.get(), same_options))
        return;
    QuietGdal quiet;
    if (area) {
        const auto use = area_of_use(*target_);
        if (use && !meets(*area, use->box)) {
            char bounds[128];
            std::snprintf(bounds, sizeof bounds, "%.2f,%.2f,%.2f,%.2f", use->box.west, use->box.south, use->box.east,
                          use->box.north);
            const std::string area_text = use->name.empty() ? "another area" : use->name;
            throw InputError(label(*target_) + " is for " + area_text +
                             " (W,S,E,N " + bounds + "); the data lie outside it (W,S,E,N " + describe_box(*area) + ")");
        }
        auto operation = best_operation(*target_, *area);
        if (!operation)
            throw InputError("PROJ knows no transformation from WGS 84 to " + label(*target_) +
                             " for the data's area (W,S,E,N " + describe_box(*area) +
                             "), only a ballpark one that can be off by hundreds of metres");
        operation_ = operation->name;
        accuracy_m_ = operation->accuracy_m;
    }
    transform_.reset(OGRCreateCoordinateTransformation(source_.get(), target_.get()));
    if (!transform_)
        throw InputError("no transformation from WGS 84 to " + label(*target_) + ": " + quiet.last());
}

bool FromWgs84::apply(OGRGeometry& geometry) const
{
    if (!transform_)
        return true;
    QuietGdal quiet;
    return geometry.transform(transform_.get()) == OGRERR_NONE;
}

} // namespace lode
