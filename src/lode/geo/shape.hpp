#pragma once
// A geometry as plain coordinate arrays (longitude, latitude), read from WKB: what the spatial
// queries walk through, without a GEOS or OGR object per feature.
#include "lode/geo/geos.hpp"
#include "lode/schema/feature.hpp"

#include <vector>

namespace lode {

struct Path {
    std::vector<double> xy;   // lon0, lat0, lon1, lat1, ...
    std::size_t size() const { return xy.size() / 2; }
    double x(std::size_t i) const { return xy[2 * i]; }
    double y(std::size_t i) const { return xy[2 * i + 1]; }
};

struct Shape {
    enum class Kind { point, line, polygon } kind = Kind::point;
    // Points: one path per point, of one vertex. Lines: one path per line. Polygons: polygons[i]
    // lists its rings, exterior first, as indexes into paths.
    std::vector<Path> paths;
    std::vector<std::vector<std::size_t>> polygons;
    BBox box;

    bool is_point() const { return kind == Kind::point && paths.size() == 1; }
    double x() const { return paths.front().xy[0]; }
    double y() const { return paths.front().xy[1]; }
};

// Reads 2D WKB (Point, LineString, Polygon and their Multi forms); throws lode::Error otherwise.
Shape shape_from_wkb(const Wkb& wkb);
Shape point_shape(double lon, double lat);
// The smallest box holding every vertex of 2D WKB, read without building the shape (throws as
// shape_from_wkb does, and for an empty geometry).
BBox envelope_from_wkb(const Wkb& wkb);

// 1 inside, 0 on the boundary, -1 outside (crossing number; boundary by exact collinearity).
int locate_in_polygons(const Shape& shape, double lon, double lat);

} // namespace lode
