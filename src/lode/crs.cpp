#include "lode/crs.hpp"

#include "lode/error.hpp"
#include "lode/gdal.hpp"

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

} // namespace lode
