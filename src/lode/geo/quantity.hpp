#pragma once
// Distances and areas as users write them on the command line: "5km", "250 m", "3mi", "2.5km2".
#include "lode/schema/feature.hpp"

#include <string>

namespace lode {

// Metres from a non-negative number with a unit m, km or mi (international mile); throws InputError
// naming `what` for a missing unit, a negative or non-numeric value.
double parse_distance_m(const std::string& text, const std::string& what);

// Square metres from a non-negative number with a unit m2, ha or km2.
double parse_area_m2(const std::string& text, const std::string& what);

// "W,S,E,N" in degrees, checked: within ±180/±90, south < north, west < east — or, when
// across_antimeridian, W > 0 > E for a box that crosses ±180°. Throws InputError mentioning Setting::bbox.
BBox parse_bbox(const std::string& text, bool across_antimeridian);

// "LON,LAT" (or, with latitude_first, "LAT,LON") checked against ±180 and ±90.
void parse_lonlat(const std::string& text, bool latitude_first, const std::string& what, double& lon, double& lat);

} // namespace lode
