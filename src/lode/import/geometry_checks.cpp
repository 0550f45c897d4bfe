// The checks and conversions of a source geometry on its way into the store: coordinates finite and
// within bounds, arcs made straight, lines and polygons cut at ±180°, the layer's type
// (detail/geometry_checks.hpp).
#include "lode/import/detail/geometry_checks.hpp"
#include "lode/import/importer.hpp"
#include "lode/import/source_kind.hpp"

#include "lode/geo/antimeridian.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/vertices.hpp"

#include <charconv>
#include <cmath>

namespace lode {

namespace {

// A number as written, with all the digits it needs to be read back (180.00000000000006).
std::string exact_text(double v)
{
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc{} ? std::string(buffer, end) : to_text(v);
}

// Lines and polygons whose edges cross ±180° cut there (geo/antimeridian.hpp), else as they are.
GeometryPtr short_way_round(GeometryPtr g, const Where& where)
{
    GeometryPtr cut = cut_at_antimeridian(*g, where);
    return cut ? std::move(cut) : std::move(g);
}

} // namespace

namespace import_detail {

// Longitudes and latitudes within a rounding error of ±180 and ±90 (Natural Earth's Russia has a
// vertex at longitude 180.00000000000006) put on the bound.
constexpr double bound_tolerance = 1e-9;   // degrees, about 0.1 mm
void snap_to_lonlat_bounds(OGRGeometry& g)
{
    auto snap = [](double& x, double& y) {
        if (std::fabs(x) > 180 && std::fabs(x) - 180 <= bound_tolerance)
            x = std::copysign(180.0, x);
        if (std::fabs(y) > 90 && std::fabs(y) - 90 <= bound_tolerance)
            y = std::copysign(90.0, y);
    };
    for_each_vertex(g, snap);
}

// Every coordinate finite, and within longitude/latitude bounds once in EPSG:4326.
std::optional<std::string> bad_coordinate(const OGRGeometry& g, bool geographic)
{
    std::optional<std::string> problem;
    auto check = [&](double& x, double& y) {
        if (problem)
            return;
        if (!std::isfinite(x) || !std::isfinite(y))
            problem = std::string("coordinate ") + (std::isfinite(x) ? "y " + exact_text(y) : "x " + exact_text(x)) +
                      " is not a finite number";
        else if (geographic && std::fabs(y) > 90)
            problem = "latitude " + exact_text(y) + " is outside ±90";
        else if (geographic && std::fabs(x) > 180)
            problem = "longitude " + exact_text(x) + " is outside ±180";
    };
    for_each_vertex(const_cast<OGRGeometry&>(g), check);   // check changes nothing
    return problem;
}

// A copy of g with its arcs (CircularString, CurvePolygon, ...) made straight edges, so that the
// coordinates checked are the vertices stored: an arc between good vertices can bulge past ±180°.
GeometryPtr linear_copy(const OGRGeometry& g)
{
    return GeometryPtr(g.hasCurveGeometry() ? g.getLinearGeometry() : g.clone());
}

// The source geometry as the layer's type (Point, MultiLineString, MultiPolygon), or a reason.
GeometryPtr conform(GeometryPtr g, GeometryType type, const Where& where)
{
    const auto flat = wkbFlatten(g->getGeometryType());
    const std::string found = OGRGeometryTypeToName(flat);
    switch (type) {
    case GeometryType::point:
        if (flat == wkbPoint)
            return g;
        if (flat == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1)
            return GeometryPtr(g->toMultiPoint()->getGeometryRef(0)->clone());
        if (flat == wkbMultiPoint)
            throw_input(where, "geometry is a MultiPoint of " + std::to_string(g->toMultiPoint()->getNumGeometries()) +
                                   " points; layer takes points", Hint::explode);
        throw_input(where, "geometry is " + found + "; layer takes points");
    case GeometryType::multilinestring:
        if (geometry_family(g.get()) == GeometryType::multilinestring)   // curves linearised by OGR
            return short_way_round(GeometryPtr(OGRGeometryFactory::forceToMultiLineString(g.release())), where);
        throw_input(where, "geometry is " + found + "; layer takes lines");
    case GeometryType::multipolygon:
        if (geometry_family(g.get()) == GeometryType::multipolygon)   // curves linearised, a TIN as its triangles
            return short_way_round(GeometryPtr(OGRGeometryFactory::forceToMultiPolygon(g.release())), where);
        throw_input(where, "geometry is " + found + "; layer takes polygons");
    }
    return g;
}

} // namespace import_detail

Wkb checked_lonlat_geometry(const std::string& wkt, GeometryType type, const Where& where)
{
    register_gdal();
    OGRGeometry* parsed = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &parsed) != OGRERR_NONE || !parsed)
        throw_input(where, "not a WKT geometry: '" + (wkt.size() > 60 ? wkt.substr(0, 60) + "…" : wkt) + "'");
    GeometryPtr geometry = import_detail::linear_copy(*GeometryPtr(parsed));
    if (geometry->IsEmpty())
        throw_input(where, "has no geometry");
    import_detail::snap_to_lonlat_bounds(*geometry);
    if (auto bad = import_detail::bad_coordinate(*geometry, true))
        throw_input(where, *bad);
    if (geometry->Is3D() || geometry->IsMeasured())
        geometry->flattenTo2D();
    geometry = import_detail::conform(std::move(geometry), type, where);
    Wkb wkb = geometry_to_wkb(*geometry);
    Geos geos;
    if (auto reason = geos.invalid_reason(wkb))
        throw_input(where, "invalid geometry: " + *reason);
    return wkb;
}

} // namespace lode
