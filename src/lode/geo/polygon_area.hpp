#pragma once
// Ellipsoidal (WGS84) areas of polygons whose edges are straight in longitude/latitude, the edge
// reading of lode's predicates and distances (geo/geodesic_distance.hpp).
//
// The area is exact for that reading: the ellipsoid is mapped onto the plane of longitude and
// q(latitude), q being the authalic function (Snyder, "Map Projections: A Working Manual", 1987,
// eq. 3-12), a map that keeps areas (a cylindrical equal-area projection: area = a²/2 · dλ dq).
// There a stored edge is the curve (λ, q(φ)) with φ linear in λ, and Green's theorem turns the
// area into a sum over the edges of ∫ q dλ, integrated by Gauss–Legendre quadrature.
#include "lode/geo/shape.hpp"

#include <optional>

namespace lode {

// Area of a polygon shape's interior (holes excluded), m².
double shape_area(const Shape& shape);
// The same of polygonal WKB (EPSG:4326), m².
double area_m2_lonlat_edges(const Wkb& wkb);

// Area of the intersection of two polygon shapes, m², from the parts of each one's boundary that
// lie inside the other (no overlay is built). Empty when the boundaries meet other than by proper
// crossings (a shared vertex or edge, a vertex on an edge, a crossing too close to call in floating
// point): the caller then asks GEOS for the intersection.
std::optional<double> intersection_area(const Shape& a, const Shape& b);

} // namespace lode
