#include "lode/geodesic_distance.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lode {

namespace {

constexpr double a = 6378137.0;
constexpr double f = 1 / 298.257223563;
constexpr double e2 = f * (2 - f);
constexpr double degree = M_PI / 180;

const GeographicLib::Geodesic& wgs84() { return GeographicLib::Geodesic::WGS84(); }

double meridian_radius(double lat)
{
    const double s = std::sin(lat * degree);
    return a * (1 - e2) / std::pow(1 - e2 * s * s, 1.5);
}

double normal_radius(double lat)
{
    const double s = std::sin(lat * degree);
    return a / std::sqrt(1 - e2 * s * s);
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
    double to_segment(double ax, double ay, double bx, double by) const
    {
        const double x1 = wrap(ax - px) * kx, y1 = (ay - py) * ky;
        const double x2 = wrap(bx - px) * kx, y2 = (by - py) * ky;
        const double dx = x2 - x1, dy = y2 - y1;
        const double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? -(x1 * dx + y1 * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        return std::hypot(x1 + t * dx, y1 + t * dy);
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
    double s0 = 0, s1 = 0;
    const double g0 = evaluate(0, s0);
    if ((dlon == 0 && dlat == 0) || g0 >= 0)
        return s0;
    const double g1 = evaluate(1, s1);
    if (g1 <= 0)
        return s1;
    // Safeguarded secant (Illinois) on g over [lo, hi], which brackets the root.
    double lo = 0, hi = 1, glo = g0, ghi = g1, best = std::min(s0, s1);
    const double length = std::hypot(dlon * 111320.0, dlat * 110574.0) + 1;
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
    const double margin = least < 500e3 ? 0.05 : 0.5;
    const double cutoff = least * (1 + margin) + 100;
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
    bool meet = false;
    for_each_edge(a, [&](double ax, double ay, double bx, double by) {
        if (meet)
            return;
        for_each_edge(b, [&](double cx, double cy, double dx, double dy) {
            if (!meet && segments_cross(ax, ay, bx, by, cx, cy, dx, dy))
                meet = true;
        });
    });
    return meet;
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

std::vector<BBox> expand_box(const BBox& box, double r)
{
    const double dlat = r / (a * (1 - e2) * degree) * 1.001 + 1e-9;   // the meridian degree is shortest at the equator
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
