#pragma once
// Measures on the WGS84 ellipsoid (Karney's algorithms, GeographicLib). Edges between stored
// vertices are taken as geodesics, as PostGIS geography reads them.
#include "lode/geo/geos.hpp"

namespace lode {

// Area of the polygonal parts of an EPSG:4326 WKB geometry in m² (holes subtracted).
double geodesic_area_m2(const Wkb& wkb);
// Length of the linear parts (or of polygon boundaries) in metres.
double geodesic_length_m(const Wkb& wkb);
// Geodesic distance between two lon/lat points, metres.
double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2);

} // namespace lode
