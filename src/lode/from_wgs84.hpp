#pragma once
// Reprojection of the store's EPSG:4326 (longitude, latitude) geometries to an output CRS, the
// inverse of ToWgs84: PROJ's best available transformation for where each point lies (the choice
// cs2cs makes), axis order fixed to longitude/easting first on both sides.
#include "lode/crs.hpp"
#include "lode/store.hpp"

#include <memory>
#include <optional>
#include <string>

namespace lode {

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
