#include "lode/geo/geodesic_distance.hpp"

#include "lode/geo/wgs84.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lode {

namespace {

using wgs84_constants::semi_major;
using wgs84_constants::degree;
using wgs84_constants::e2;

const GeographicLib::Geodesic& wgs84() { return GeographicLib::Geodesic::WGS84(); }

double meridian_radius(double lat)
{
    const double s = std::sin(lat * degree);
    const double w = 1 - e2 * s * s;
    return semi_major * (1 - e2) / (w * std::sqrt(w));
}

double normal_radius(double lat)
{
    const double s = std::sin(lat * degree);
    return semi_major / std::sqrt(1 - e2 * s * s);
}

double wrap(double dlon)
{
    while (dlon > 180)
        dlon -= 360;
    while (dlon < -180)
        dlon += 360;
    return dlon;
}

// A local tangent plane at P, in metres: only to rank edges before the exact work.
struct Plane {
    double px, py, kx, ky;
    Plane(double x, double y) : px(x), py(y), kx(normal_radius(y) * std::cos(y * degree) * degree), ky(meridian_radius(y) * degree) {}
    // Parameter t in [0, 1] of the point of segment A-B nearest to P on the plane.
    double foot(double ax, double ay, double bx, double by) const
    {
        const double x1 = wrap(ax - px) * kx, y1 = (ay - py) * ky;
        const double dx = wrap(bx - px) * kx - x1, dy = (by - py) * ky - y1;
        const double len2 = dx * dx + dy * dy;
        return len2 > 0 ? std::clamp(-(x1 * dx + y1 * dy) / len2, 0.0, 1.0) : 0.0;
    }
    double to_segment(double ax, double ay, double bx, double by) const
    {
        const double x1 = wrap(ax - px) * kx, y1 = (ay - py) * ky;
        const double x2 = wrap(bx - px) * kx, y2 = (by - py) * ky;
        const double dx = x2 - x1, dy = y2 - y1;
        const double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? -(x1 * dx + y1 * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const double ex = x1 + t * dx, ey = y1 + t * dy;
        return std::sqrt(ex * ex + ey * ey);   // not std::hypot: it is several times slower, and these never overflow
    }
};

// Every edge (or lone vertex) of a shape, as a, b pairs.
template <class Visit>
void for_each_edge(const Shape& shape, Visit visit)
{
    for (const auto& path : shape.paths) {
        if (path.size() == 1)
            visit(path.x(0), path.y(0), path.x(0), path.y(0));
        for (std::size_t i = 1; i < path.size(); ++i)
            visit(path.x(i - 1), path.y(i - 1), path.x(i), path.y(i));
    }
}

bool segments_cross(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
{
    auto orient = [](double px, double py, double qx, double qy, double rx, double ry) {
        const double v = (qx - px) * (ry - py) - (qy - py) * (rx - px);
        return (v > 0) - (v < 0);
    };
    auto on = [](double px, double py, double qx, double qy, double rx, double ry) {
        return std::min(px, qx) <= rx && rx <= std::max(px, qx) && std::min(py, qy) <= ry && ry <= std::max(py, qy);
    };
    const int o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
    const int o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
    if (o1 != o2 && o3 != o4)
        return true;
    return (o1 == 0 && on(ax, ay, bx, by, cx, cy)) || (o2 == 0 && on(ax, ay, bx, by, dx, dy)) ||
           (o3 == 0 && on(cx, cy, dx, dy, ax, ay)) || (o4 == 0 && on(cx, cy, dx, dy, bx, by));
}

// Whether an edge of one shape meets or crosses an edge of the other (pairwise: the shapes are small).
bool edges_cross(const Shape& first, const Shape& second)
{
    bool meet = false;
    for_each_edge(first, [&](double ax, double ay, double bx, double by) {
        if (meet)
            return;
        for_each_edge(second, [&](double cx, double cy, double dx, double dy) {
            if (!meet && segments_cross(ax, ay, bx, by, cx, cy, dx, dy))
                meet = true;
        });
    });
    return meet;
}

} // namespace

double distance_to_segment_m(double px, double py, double ax, double ay, double bx, double by)
{
    // g(t): rate of change of the distance from P as Q(t) moves along the edge; the nearest
    // point is where it changes sign (the geodesic meets the edge at a right angle).
    const double dlon = bx - ax, dlat = by - ay;
    auto evaluate = [&](double t, double& s) {
        const double qx = ax + t * dlon, qy = ay + t * dlat;
        double azi1 = 0, azi2 = 0;
        wgs84().Inverse(py, px, qy, qx, s, azi1, azi2);
        if (s == 0)
            return 0.0;
        const double east = dlon * degree * normal_radius(qy) * std::cos(qy * degree);
        const double north = dlat * degree * meridian_radius(qy);
        return std::sin(azi2 * degree) * east + std::cos(azi2 * degree) * north;
    };
    const double length = std::sqrt(dlon * 111320.0 * dlon * 111320.0 + dlat * 110574.0 * dlat * 110574.0) + 1;
    if (dlon == 0 && dlat == 0) {
        double s = 0;
        evaluate(0, s);
        return s;
    }
    // Start at the foot of the perpendicular on the tangent plane (metres off at most), then
    // bracket the root next to it and close in with a safeguarded secant (Illinois).
    const double t0 = Plane(px, py).foot(ax, ay, bx, by);
    double s0 = 0;
    const double g0 = evaluate(t0, s0);
    if (g0 == 0 || (t0 == 0 && g0 > 0) || (t0 == 1 && g0 < 0))
        return s0;
    const double direction = g0 > 0 ? -1 : 1;   // towards the nearer side
    double step = std::max(1.0, 1e-4 * s0) / length;
    double t1 = t0, g1 = g0, s1 = s0, best = s0;
    while (true) {
        const double t = std::clamp(t0 + direction * step, 0.0, 1.0);
        double s = 0;
        const double g = evaluate(t, s);
        best = std::min(best, s);
        if ((g > 0) != (g0 > 0) || g == 0) {
            t1 = t;
            g1 = g;
            s1 = s;
            break;
        }
        if (t == 0 || t == 1)
            return s;   // the distance keeps falling to the end of the edge: the vertex is nearest
        step *= 8;
    }
    if (g1 == 0)
        return s1;
    double lo = std::min(t0, t1), hi = std::max(t0, t1);
    double glo = lo == t0 ? g0 : g1, ghi = hi == t0 ? g0 : g1;
    int side = 0;
    for (int i = 0; i < 60 && (hi - lo) * length > 1e-4; ++i) {
        double t = (lo * ghi - hi * glo) / (ghi - glo);
        if (!(t > lo && t < hi))
            t = 0.5 * (lo + hi);
        double s = 0;
        const double g = evaluate(t, s);
        best = std::min(best, s);
        if (g == 0)
            return s;
        if (g < 0) {
            lo = t;
            glo = g;
            if (side == -1)
                ghi /= 2;
            side = -1;
        } else {
            hi = t;
            ghi = g;
            if (side == 1)
                glo /= 2;
            side = 1;
        }
    }
    return best;
}

double distance_point_shape_m(double px, double py, const Shape& shape)
{
    if (shape.kind == Shape::Kind::polygon && locate_in_polygons(shape, px, py) >= 0)
        return 0;
    if (shape.is_point()) {
        double s = 0;
        wgs84().Inverse(py, px, shape.y(), shape.x(), s);
        return s;
    }
    // Rank edges on a tangent plane, then solve exactly for those that could be nearest.
    const Plane plane(px, py);
    double least = std::numeric_limits<double>::infinity();
    for_each_edge(shape, [&](double ax, double ay, double bx, double by) {
        least = std::min(least, plane.to_segment(ax, ay, bx, by));
    });
    // The plane is off by a few parts in 10^4 within 50 km, a few per cent within 500 km.
    const double cutoff = least < 50e3 ? least * 1.002 + 1 : least < 500e3 ? least * 1.05 + 100 : least * 1.5;
    double best = std::numeric_limits<double>::infinity();
    for_each_edge(shape, [&](double ax, double ay, double bx, double by) {
        if (plane.to_segment(ax, ay, bx, by) <= cutoff)
            best = std::min(best, distance_to_segment_m(px, py, ax, ay, bx, by));
    });
    return best;
}

bool shapes_meet(const Shape& a, const Shape& b)
{
    if (a.box.west > b.box.east || b.box.west > a.box.east || a.box.south > b.box.north || b.box.south > a.box.north)
        return false;
    auto vertex_inside = [](const Shape& points, const Shape& area) {
        if (area.kind != Shape::Kind::polygon)
            return false;
        for (const auto& path : points.paths)
            if (path.size() > 0 && locate_in_polygons(area, path.x(0), path.y(0)) >= 0)
                return true;
        return false;
    };
    if (vertex_inside(a, b) || vertex_inside(b, a))
        return true;
    return edges_cross(a, b);
}

bool shape_inside(const Shape& inner, const Shape& outer)
{
    if (outer.kind != Shape::Kind::polygon || outer.polygons.size() != 1 || outer.polygons.front().size() != 1 ||
        inner.kind != Shape::Kind::polygon)
        return false;
    if (inner.box.west <= outer.box.west || inner.box.east >= outer.box.east || inner.box.south <= outer.box.south ||
        inner.box.north >= outer.box.north)
        return false;
    for (const auto& path : inner.paths)
        for (std::size_t i = 0; i < path.size(); ++i)
            if (locate_in_polygons(outer, path.x(i), path.y(i)) != 1)
                return false;
    return !edges_cross(inner, outer);
}

double distance_shapes_m(const Shape& a, const Shape& b)
{
    if (a.is_point())
        return distance_point_shape_m(a.x(), a.y(), b);
    if (b.is_point())
        return distance_point_shape_m(b.x(), b.y(), a);
    if (shapes_meet(a, b))
        return 0;
    // Apart, the least distance runs from a vertex of one to the other (to the edges' lengths
    // at which straight-in-degrees and geodesic edges part).
    Shape edges_only_b = b, edges_only_a = a;
    edges_only_b.kind = edges_only_a.kind = Shape::Kind::line;
    double best = std::numeric_limits<double>::infinity();
    for (const auto& path : a.paths)
        for (std::size_t i = 0; i < path.size(); ++i)
            best = std::min(best, distance_point_shape_m(path.x(i), path.y(i), edges_only_b));
    for (const auto& path : b.paths)
        for (std::size_t i = 0; i < path.size(); ++i)
            best = std::min(best, distance_point_shape_m(path.x(i), path.y(i), edges_only_a));
    return best;
}

double distance_lower_bound_m(const BBox& p, const BBox& q, double reach)
{
    const double dy = std::max({0.0, p.south - q.north, q.south - p.north});
    double dx = std::max({0.0, p.west - q.east, q.west - p.east});
    // the other way round the globe may be shorter
    dx = std::min(dx, std::max(0.0, std::min(p.west, q.west) + 360 - std::max(p.east, q.east)));
    if (dx == 0 && dy == 0)
        return 0;
    const double ky = semi_major * (1 - e2) * degree;   // the meridian degree is shortest at the equator
    // A path shorter than min(reach, 500 km) (beyond that the bound is 0 anyway) goes at most half
    // that poleward of the boxes: its parallels' degrees are no shorter than the one there.
    const double detour = std::min(reach, 500e3) / (2 * ky);
    const double polemost =
        std::min(90.0, std::max({std::fabs(p.south), std::fabs(p.north), std::fabs(q.south), std::fabs(q.north)}) + detour);
    const double kx = polemost >= 90.0 ? 0.0 : normal_radius(polemost) * std::cos(polemost * degree) * degree;
    const double bound = 0.98 * std::sqrt(dx * kx * dx * kx + dy * ky * dy * ky);
    return bound > 500e3 ? 0 : bound;
}

std::vector<BBox> expand_box(const BBox& box, double r)
{
    const double dlat = r / (semi_major * (1 - e2) * degree) * 1.001 + 1e-9;   // the meridian degree is shortest at the equator
    const double south = std::max(-90.0, box.south - dlat), north = std::min(90.0, box.north + dlat);
    const double polemost = std::max(std::fabs(south), std::fabs(north));
    if (polemost >= 89.999)
        return {BBox{-180, south, 180, north}};
    const double dlon = r / (normal_radius(polemost) * std::cos(polemost * degree) * degree) * 1.001 + 1e-9;
    const double west = box.west - dlon, east = box.east + dlon;
    if (east - west >= 360)
        return {BBox{-180, south, 180, north}};
    if (west < -180)
        return {BBox{west + 360, south, 180, north}, BBox{-180, south, east, north}};
    if (east > 180)
        return {BBox{west, south, 180, north}, BBox{-180, south, east - 360, north}};
    return {BBox{west, south, east, north}};
}

} // namespace lode
