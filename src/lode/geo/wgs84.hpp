#pragma once
// The WGS 84 ellipsoid's constants as GeographicLib defines them, for the geo folder's own closed
// forms (polygon_area.cpp, geodesic_distance.cpp); not part of the folder's public interface.
#include <GeographicLib/Constants.hpp>

#include <cmath>

namespace lode::wgs84_constants {

inline const double semi_major = GeographicLib::Constants::WGS84_a();   // a, metres
inline const double flattening = GeographicLib::Constants::WGS84_f();   // f
inline const double e2 = flattening * (2 - flattening);                  // first eccentricity squared
inline constexpr double degree = M_PI / 180;                              // radians per degree

}  // namespace lode::wgs84_constants
