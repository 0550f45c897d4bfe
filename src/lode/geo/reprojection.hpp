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
