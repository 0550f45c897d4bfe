#pragma once
// Distances and lengths on the WGS84 ellipsoid (Karney's algorithms, GeographicLib). Areas are
// polygon_area.hpp's (edges straight in longitude/latitude, as the rest of lode reads them).
#include "lode/geo/geos.hpp"

namespace lode {

// Length of the linear parts (or of polygon boundaries) in metres, each edge a geodesic between
// its vertices.
double geodesic_length_m(const Wkb& wkb);
// Geodesic distance between two lon/lat points, metres.
double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2);

} // namespace lode
