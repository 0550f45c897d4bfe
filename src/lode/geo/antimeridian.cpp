#include "lode/geo/antimeridian.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lode {

namespace {

// A longitude on ±180°, within what a writer's rounding leaves (Natural Earth's Antarctica closes
// its ring from 180 to -179.99999999999994 along the South Pole).
constexpr double on_antimeridian_tolerance = 1e-4;   // degrees, about 11 m at the equator
bool on_antimeridian(double x) { return std::fabs(std::fabs(x) - 180) <= on_antimeridian_tolerance; }

// Whether the edge from longitude x0 to x1 is read across ±180°: not when both ends lie on ±180°
// (an edge drawn along the antimeridian, or along a pole from one edge of the map to the other).
bool crosses(double x0, double x1)
{
    return std::fabs(x1 - x0) > 180 && !(on_antimeridian(x0) && on_antimeridian(x1));
}

bool crosses(const OGRSimpleCurve& curve)
{
    for (int i = 1; i < curve.getNumPoints(); ++i)
        if (crosses(curve.getX(i - 1), curve.getX(i)))
            return true;
    return false;
}

bool crosses(const OGRGeometry& g)
{
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbLineString:
    case wkbLinearRing:
        return crosses(*g.toSimpleCurve());
    case wkbPolygon:
        for (const auto* ring : *g.toPolygon())
            if (crosses(*ring))
                return true;
        return false;
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const auto* part : *g.toGeometryCollection())
            if (crosses(*part))
                return true;
        return false;
    default:
        return false;   // points have no edges; curves are linearised before they are stored
    }
}

// Each vertex's longitude moved by a multiple of 360° so that every edge spans at most 180°
// (edges with both ends on ±180° as drawn), starting from the first vertex, shifted by `shift`.
void unwrap(OGRSimpleCurve& curve, double shift)
{
    double previous = 0, moved = 0;
    for (int i = 0; i < curve.getNumPoints(); ++i) {
        const double x = curve.getX(i);
        if (i == 0)
            moved = x + shift;
        else if (crosses(previous, x))
            moved += x - previous + (x < previous ? 360 : -360);
        else
            moved += x - previous;
        previous = x;
        curve.setPoint(i, moved, curve.getY(i));
    }
}

// The part (a polygon or a line), its longitudes unwrapped, cut into the three 360° windows it
// may reach and moved back into [-180, 180]; what each window holds goes into `into`.
void cut_part(const OGRGeometry& part, OGRGeometryCollection& into, const Where& where)
{
    GeometryPtr unwrapped(part.clone());
    const bool polygon = wkbFlatten(part.getGeometryType()) == wkbPolygon;
    if (polygon) {
        OGRPolygon& p = *unwrapped->toPolygon();
        OGRLinearRing* outer = p.getExteriorRing();
        unwrap(*outer, 0);
        OGREnvelope outer_box;
        outer->getEnvelope(&outer_box);
        for (int r = 0; r <= p.getNumInteriorRings(); ++r) {
            OGRLinearRing* ring = r == 0 ? outer : p.getInteriorRing(r - 1);
            if (r > 0 && ring->getNumPoints() > 0)   // a hole lies inside its polygon: on the same turn of the globe
                unwrap(*ring, 360 * std::round(((outer_box.MinX + outer_box.MaxX) / 2 - ring->getX(0)) / 360));
            const int n = ring->getNumPoints();
            if (n > 1 && std::fabs(ring->getX(n - 1) - ring->getX(0)) > 1e-9)
                throw InputError(where, "a ring crosses the antimeridian and goes round a pole (the long way round is not read); "
                                        "split it at ±180° into polygons on either side");
        }
    } else {
        unwrap(*unwrapped->toSimpleCurve(), 0);
    }
    for (const int turn : {-1, 0, 1}) {
        OGRPolygon window;
        OGRLinearRing frame;
        const double west = -180 + 360 * turn, east = 180 + 360 * turn;
        frame.addPoint(west, -90);
        frame.addPoint(east, -90);
        frame.addPoint(east, 90);
        frame.addPoint(west, 90);
        frame.addPoint(west, -90);
        window.addRing(&frame);
        OGREnvelope box;
        unwrapped->getEnvelope(&box);
        if (box.MaxX <= west || box.MinX >= east)
            continue;
        GeometryPtr inside(unwrapped->Intersection(&window));
        if (!inside)
            throw InputError(where, "crosses the antimeridian and cannot be cut there (an invalid geometry?)");
        auto keep = [&](const OGRGeometry& piece) {
            const auto type = wkbFlatten(piece.getGeometryType());
            if (piece.IsEmpty() || (polygon ? type != wkbPolygon : type != wkbLineString))
                return;   // where the part only touches the window's edge
            GeometryPtr moved(piece.clone());
            OGRGeometry* g = moved.get();
            // Back into [-180, 180]; a vertex where GEOS cut an edge at the window's side can lie a
            // rounding error outside it, and is put on the side.
            auto shift = [&](OGRSimpleCurve& c) {
                for (int i = 0; i < c.getNumPoints(); ++i)
                    c.setPoint(i, std::clamp(c.getX(i), west, east) - 360 * turn, c.getY(i));
            };
            if (polygon)
                for (auto* ring : *g->toPolygon())
                    shift(*ring);
            else
                shift(*g->toSimpleCurve());
            into.addGeometryDirectly(moved.release());
        };
        const auto type = wkbFlatten(inside->getGeometryType());
        if (type == wkbMultiPolygon || type == wkbMultiLineString || type == wkbGeometryCollection)
            for (const auto* piece : *inside->toGeometryCollection())
                keep(*piece);
        else
            keep(*inside);
    }
}

} // namespace

GeometryPtr cut_at_antimeridian(const OGRGeometry& geometry, const Where& where)
{
    if (!crosses(geometry))
        return nullptr;
    const auto type = wkbFlatten(geometry.getGeometryType());
    const bool polygons = type == wkbPolygon || type == wkbMultiPolygon;
    if (!polygons && type != wkbLineString && type != wkbMultiLineString)
        return nullptr;
    GeometryPtr out(polygons ? static_cast<OGRGeometry*>(new OGRMultiPolygon) : new OGRMultiLineString);
    OGRGeometryCollection& parts = *out->toGeometryCollection();
    if (type == wkbPolygon || type == wkbLineString)
        cut_part(geometry, parts, where);
    else
        for (const auto* part : *geometry.toGeometryCollection())
            cut_part(*part, parts, where);
    out->assignSpatialReference(geometry.getSpatialReference());
    return out;
}

} // namespace lode
