#pragma once
// Grid convergence: the angle between true (geographic) north and the grid north of a projected
// CRS at a point, from PROJ's proj_factors (meridian_convergence).
#include <string>

namespace lode {

// The meridian convergence gamma of the projected CRS crs (EPSG:nnnn, a PROJ string or WKT) at
// longitude/latitude (degrees, WGS 84 or the CRS's own datum: the difference is far below what a
// convergence shows), in degrees, as PROJ and the survey textbooks sign it: the angle clockwise from
// true north to grid north, positive east of a transverse Mercator's central meridian in the
// northern hemisphere; a grid bearing is the true bearing minus gamma. Throws InputError naming
// what for a CRS PROJ does not read or that is not projected, and for a point where PROJ cannot
// compute it.
double meridian_convergence_deg(const std::string& crs, double lon, double lat, const std::string& what);

// Throws the InputError meridian_convergence_deg would for a CRS that PROJ does not read or that
// is not projected (a geographic CRS has no grid north): to refuse it before anything is drawn.
void require_grid_north(const std::string& crs, const std::string& what);

} // namespace lode
