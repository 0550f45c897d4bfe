#pragma once
// Reprojection, both ways in one place: source geometries to the store's EPSG:4326 (ToWgs84) and
// the store's geometries to an output CRS (FromWgs84), each with PROJ's best available
// transformation, through GDAL. Axis order is fixed to longitude/easting first on both sides,
// whatever the CRS definitions say.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "lode/schema/feature.hpp"

#include <optional>

#include <memory>
#include <string>
#include <vector>

namespace lode {

using SpatialReference = std::unique_ptr<OGRSpatialReference, decltype(&OSRRelease)>;

// Parses "EPSG:26392", a PROJ string or WKT; throws lode::InputError naming `what` when invalid.
SpatialReference parse_crs(const std::string& text, const std::string& what);
SpatialReference wgs84_lonlat();
SpatialReference clone_crs(const OGRSpatialReference& crs);

// "EPSG:26392 (Minna / Nigeria Mid Belt)"
std::string describe_crs(const OGRSpatialReference& crs);
// "EPSG:26392", or describe_crs() for a CRS without an authority code.
std::string crs_code(const OGRSpatialReference& crs);

// Where a CRS is meant to be used, as its authority (EPSG) gives it: a longitude/latitude box (west
// may exceed east across the antimeridian) and the area's name. nullopt when the CRS has none.
struct AreaOfUse {
    BBox box;
    std::string name;   // "Kazakhstan, Russian Federation onshore and Uzbekistan - 66°E to 72°E; ..."
};
std::optional<AreaOfUse> area_of_use(const OGRSpatialReference& crs);
// Whether the point lies in the box widened by margin degrees on every side.
bool in_area(const BBox& box, double lon, double lat, double margin = 0);

// The code of the projected CRS that PROJ's database (EPSG) names exactly so, e.g.
// "WGS 84 / UTM zone 42N" -> "EPSG:32642"; nullopt when none (or only a deprecated one) has the name.
std::optional<std::string> projected_crs_by_name(const std::string& name);

class ToWgs84 {
public:
    explicit ToWgs84(const OGRSpatialReference& source);
    bool is_identity() const { return !transform_; }
    // Transforms in place; false when PROJ could not (a point outside the CRS's domain).
    bool apply(OGRGeometry& geometry) const;
    // Transforms points in place (x: easting or longitude); ok[i] false where PROJ could not.
    void apply(std::vector<double>& x, std::vector<double>& y, std::vector<bool>& ok) const;
    const OGRSpatialReference& source() const { return *source_; }
    bool source_is_geographic() const { return source_->IsGeographic(); }

private:
    SpatialReference source_;
    SpatialReference target_;
    std::unique_ptr<OGRCoordinateTransformation> transform_;
};

class FromWgs84 {
public:
    // area: where the data lie (longitude/latitude). When given, the target CRS is refused with an
    // InputError if its area of use does not meet the data, or if PROJ knows no transformation
    // other than a ballpark one (which can be wrong by hundreds of metres) for that area.
    FromWgs84(const OGRSpatialReference& target, const std::optional<BBox>& area);

    bool is_identity() const { return !transform_; }
    // Transforms in place; false when PROJ could not.
    bool apply(OGRGeometry& geometry) const;
    const OGRSpatialReference& target() const { return *target_; }

    // The operation PROJ ranks best for the data's area, e.g. "Inverse of GDA2020 to WGS 84 (2) +
    // Map Grid of Australia zone 50", and its accuracy in metres (negative when unknown). Empty for
    // the identity, or when no area was given.
    const std::string& operation() const { return operation_; }
    double accuracy_m() const { return accuracy_m_; }

private:
    SpatialReference source_;
    SpatialReference target_;
    std::unique_ptr<OGRCoordinateTransformation> transform_;
    std::string operation_;
    double accuracy_m_ = -1;
};

} // namespace lode
