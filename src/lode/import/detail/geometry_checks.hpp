#pragma once
// A source geometry's checks and conversions on its way into the store (geometry_checks.cpp), for
// the importer's reading of each feature.
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/store/store.hpp"

#include <optional>
#include <string>

namespace lode::import_detail {

// Longitudes and latitudes within a rounding error (1e-9°) of ±180 and ±90 put on the bound.
void snap_to_lonlat_bounds(OGRGeometry& g);
// The reason a coordinate is refused: not finite, or (geographic) beyond the longitude/latitude
// bounds; nullopt when every one is good.
std::optional<std::string> bad_coordinate(const OGRGeometry& g, bool geographic);
// A copy of g with its arcs (CircularString, CurvePolygon, ...) made straight edges.
GeometryPtr linear_copy(const OGRGeometry& g);
// The geometry as the layer's type (Point, MultiLineString, MultiPolygon; lines and polygons cut at
// ±180°), or InputError naming where with the reason.
GeometryPtr conform(GeometryPtr g, GeometryType type, const Where& where);

} // namespace lode::import_detail
