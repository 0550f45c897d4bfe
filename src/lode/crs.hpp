#pragma once
// Reprojection of source geometries to the store's EPSG:4326 (longitude, latitude) with PROJ's
// best available transformation, through GDAL. Axis order is fixed to longitude/easting first on
// both sides, whatever the CRS definitions say.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace lode {

using SpatialReference = std::unique_ptr<OGRSpatialReference, decltype(&OSRRelease)>;

// Parses "EPSG:26392", a PROJ string or WKT; throws lode::InputError naming `what` when invalid.
SpatialReference parse_crs(const std::string& text, const std::string& what);
SpatialReference wgs84_lonlat();
SpatialReference clone_crs(const OGRSpatialReference& crs);

// "EPSG:26392 (Minna / Nigeria Mid Belt)"
std::string describe_crs(const OGRSpatialReference& crs);

class ToWgs84 {
public:
    explicit ToWgs84(const OGRSpatialReference& source);
    bool is_identity() const { return !transform_; }
    // Transforms in place; false when PROJ could not (a point outside the CRS's domain).
    bool apply(OGRGeometry& geometry) const;
    const OGRSpatialReference& source() const { return *source_; }
    bool source_is_geographic() const { return source_->IsGeographic(); }

private:
    SpatialReference source_;
    SpatialReference target_;
    std::unique_ptr<OGRCoordinateTransformation> transform_;
};

} // namespace lode
