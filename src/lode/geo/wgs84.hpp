#pragma once
// The WGS 84 ellipsoid's defining constants (NIMA TR8350.2; GeographicLib::Constants::WGS84_a()
// and WGS84_f() are the same two numbers), for the geo folder's own closed forms (polygon_area.cpp,
// geodesic_distance.cpp); not part of the folder's public interface. constexpr: no dynamic
// initialization whose order between translation units could leave them zero when first read.
#include <cmath>

namespace lode::wgs84_constants {

inline constexpr double semi_major = 6378137.0;                          // a, metres
inline constexpr double flattening = 1 / 298.257223563;                  // f
inline constexpr double e2 = flattening * (2 - flattening);              // first eccentricity squared
inline constexpr double degree = M_PI / 180;                              // radians per degree

}  // namespace lode::wgs84_constants
