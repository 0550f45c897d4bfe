#include "lode/geo/convergence.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/proj.hpp"

#include <cmath>

namespace lode {

namespace {

// The projected CRS crs (a bound CRS's source), or InputError naming what.
proj::Pj projected(const proj::Context& context, const std::string& crs, const std::string& what)
{
    proj::Pj pj(proj_create(context.get(), crs.c_str()));
    if (!pj)
        throw InputError(what + ": PROJ does not read '" + crs + "' as a CRS");
    // A bound CRS (a PROJ string with +towgs84) wraps the projected one.
    if (proj_get_type(pj.get()) == PJ_TYPE_BOUND_CRS)
        pj.reset(proj_get_source_crs(context.get(), pj.get()));
    if (!pj || proj_get_type(pj.get()) != PJ_TYPE_PROJECTED_CRS)
        throw InputError(what + ": '" + crs + "' is not a projected CRS, so it has no grid north");
    return pj;
}

} // namespace

void require_grid_north(const std::string& crs, const std::string& what)
{
    const proj::Context context = proj::quiet_context();
    projected(context, crs, what);
}

double meridian_convergence_deg(const std::string& crs, double lon, double lat, const std::string& what)
{
    const proj::Context context = proj::quiet_context();
    const proj::Pj pj = projected(context, crs, what);
    // proj_factors takes a projected CRS (PROJ 8.2 and later) and longitude, latitude in radians.
    constexpr double rad = 3.14159265358979323846 / 180.0;
    const PJ_FACTORS f = proj_factors(pj.get(), proj_coord(lon * rad, lat * rad, 0, 0));
    if (proj_errno(pj.get()) != 0 || !std::isfinite(f.meridian_convergence))
        throw InputError(what + ": PROJ cannot compute the grid convergence of '" + crs + "' at longitude " +
                         std::to_string(lon) + ", latitude " + std::to_string(lat));
    return f.meridian_convergence / rad;
}

} // namespace lode
