#include "lode/geo/polygon_area.hpp"

#include "lode/geo/wgs84.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace lode {

namespace {

using wgs84_constants::degree;
using wgs84_constants::e2;
using wgs84_constants::semi_major;
const double e = std::sqrt(e2);

// Snyder's q(φ): the area between the equator and latitude φ over a longitude span of dλ radians
// is a²/2 · q(φ) · dλ.
double q_of(double latitude)
{
    const double s = std::sin(latitude * degree);
    return (1 - e2) * (s / (1 - e2 * s * s) + std::atanh(e * s) / e);
}

// -∫ (q - q0) dλ along the edge straight in lon/lat from (x0, y0) to (x1, y1), in degrees: that
// edge's share of the area (times a²/2) of a ring it belongs to, counter-clockwise. q0, any
// constant, drops out over a closed ring; taken near the ring, it keeps the sum's digits. Three
// Gauss–Legendre nodes per half degree of latitude are exact to rounding for q's smooth curve.
double edge_integral(double x0, double y0, double x1, double y1, double q0)
{
    if (x0 == x1)
        return 0;
    static constexpr double node[3] = {0.5 - 0.3872983346207417, 0.5, 0.5 + 0.3872983346207417};   // (1 ± √(3/5)) / 2
    static constexpr double weight[3] = {5.0 / 18, 8.0 / 18, 5.0 / 18};
    const double dy = y1 - y0;
    const int pieces = std::max(1, static_cast<int>(std::ceil(std::fabs(dy) / 0.5)));
    double mean = 0;
    for (int p = 0; p < pieces; ++p)
        for (int k = 0; k < 3; ++k)
            mean += weight[k] * (q_of(y0 + dy * (p + node[k]) / pieces) - q0);
    return -(x1 - x0) * degree * mean / pieces;
}

// +1 when a ring runs as its role wants for the integral (an exterior counter-clockwise, a hole
// clockwise), -1 when the other way round. The map to (λ, q) keeps orientation, so the planar
// signed area in degrees tells.
double ring_factor(const Path& ring, bool exterior)
{
    double twice = 0;
    const double ox = ring.x(0), oy = ring.y(0);
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const std::size_t j = (i + 1) % n;
        twice += (ring.x(i) - ox) * (ring.y(j) - oy) - (ring.x(j) - ox) * (ring.y(i) - oy);
    }
    return (twice > 0) == exterior ? 1 : -1;
}

struct Edge {
    double x0, y0, x1, y1;
    double factor;     // the ring's
    bool ring_start;   // the first edge of its ring
};

// The edges of every ring, ring after ring in order (zero-length ones, e.g. a ring's closing
// repeat of its first vertex, left out).
void edges_of(const Shape& shape, std::vector<Edge>& edges)
{
    edges.clear();
    for (const auto& polygon : shape.polygons)
        for (std::size_t r = 0; r < polygon.size(); ++r) {
            const Path& ring = shape.paths[polygon[r]];
            const double factor = ring_factor(ring, r == 0);
            bool first = true;
            for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
                const std::size_t j = (i + 1) % n;
                if (ring.x(i) == ring.x(j) && ring.y(i) == ring.y(j))
                    continue;
                edges.push_back({ring.x(i), ring.y(i), ring.x(j), ring.y(j), factor, first});
                first = false;
            }
        }
}

// The sign of the turn p → q → r, or 0 when floating point cannot tell it (Shewchuk's filter for
// orient2d, "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates",
// 1997); det gets the determinant.
int turn(double px, double py, double qx, double qy, double rx, double ry, double& det)
{
    const double left = (qx - px) * (ry - py), right = (qy - py) * (rx - px);
    det = left - right;
    const double bound = 3.3306690738754716e-16 * (std::fabs(left) + std::fabs(right));
    return det > bound ? 1 : det < -bound ? -1 : 0;
}

struct Crossing {
    std::uint32_t edge;
    double t;   // along the edge, 0 to 1
    bool operator<(const Crossing& o) const { return edge != o.edge ? edge < o.edge : t < o.t; }
};

// Adds the crossings of every edge of a with every edge of b; false when some pair of edges meets
// other than by a proper crossing, or too nearly so to call.
bool find_crossings(const std::vector<Edge>& a, const std::vector<Edge>& b, std::vector<Crossing>& on_a,
                    std::vector<Crossing>& on_b)
{
    constexpr double margin = 1e-9;   // degrees: boxes this close are tested, not skipped
    for (std::uint32_t i = 0; i < a.size(); ++i) {
        const Edge& p = a[i];
        const double pw = std::min(p.x0, p.x1) - margin, pe = std::max(p.x0, p.x1) + margin;
        const double ps = std::min(p.y0, p.y1) - margin, pn = std::max(p.y0, p.y1) + margin;
        for (std::uint32_t j = 0; j < b.size(); ++j) {
            const Edge& q = b[j];
            if (std::max(q.x0, q.x1) < pw || std::min(q.x0, q.x1) > pe || std::max(q.y0, q.y1) < ps || std::min(q.y0, q.y1) > pn)
                continue;
            double d1, d2, d3, d4;
            const int o1 = turn(p.x0, p.y0, p.x1, p.y1, q.x0, q.y0, d1), o2 = turn(p.x0, p.y0, p.x1, p.y1, q.x1, q.y1, d2);
            if (o1 == 0 || o2 == 0)
                return false;
            if (o1 == o2)
                continue;
            const int o3 = turn(q.x0, q.y0, q.x1, q.y1, p.x0, p.y0, d3), o4 = turn(q.x0, q.y0, q.x1, q.y1, p.x1, p.y1, d4);
            if (o3 == 0 || o4 == 0)
                return false;
            if (o3 == o4)
                continue;
            on_a.push_back({i, d3 / (d3 - d4)});
            on_b.push_back({j, d1 / (d1 - d2)});
        }
    }
    return true;
}

// Whether (x, y) lies inside the rings whose edges are given (crossing number of a ray towards
// +x, each edge's side decided by turn()): 1 inside, -1 outside, 0 when too near an edge to call.
int locate(const std::vector<Edge>& rings, double x, double y)
{
    bool inside = false;
    for (const Edge& edge : rings) {
        const bool up = edge.y0 <= y && edge.y1 > y, down = edge.y1 <= y && edge.y0 > y;
        if (!up && !down)
            continue;
        double det;
        const int side = turn(edge.x0, edge.y0, edge.x1, edge.y1, x, y, det);
        if (side == 0)
            return 0;
        if ((up && side > 0) || (down && side < 0))
            inside = !inside;
    }
    return inside ? 1 : -1;
}

// The integral over the parts of the edges lying inside the other shape (its edges given), each
// ring's state found at its first vertex and toggled at every crossing. False when a first vertex
// lies on (or too near) the other's boundary, or a ring's crossings do not pair up.
bool inside_parts(const std::vector<Edge>& edges, std::vector<Crossing>& crossings, const std::vector<Edge>& other, double q0,
                  double& sum)
{
    std::sort(crossings.begin(), crossings.end());
    auto next = crossings.begin();
    bool inside = false, ring_inside = false;
    for (std::uint32_t i = 0; i < edges.size(); ++i) {
        const Edge& edge = edges[i];
        if (edge.ring_start) {
            if (i > 0 && inside != ring_inside)
                return false;
            const int where = locate(other, edge.x0, edge.y0);
            if (where == 0)
                return false;
            inside = ring_inside = where > 0;
        }
        double from = 0;
        const double dx = edge.x1 - edge.x0, dy = edge.y1 - edge.y0;
        for (; next != crossings.end() && next->edge == i; ++next) {
            if (inside)
                sum += edge.factor * edge_integral(edge.x0 + from * dx, edge.y0 + from * dy, edge.x0 + next->t * dx,
                                                   edge.y0 + next->t * dy, q0);
            from = next->t;
            inside = !inside;
        }
        if (inside)
            sum += edge.factor * (from == 0 ? edge_integral(edge.x0, edge.y0, edge.x1, edge.y1, q0)
                                            : edge_integral(edge.x0 + from * dx, edge.y0 + from * dy, edge.x1, edge.y1, q0));
    }
    return inside == ring_inside;
}

} // namespace

double shape_area(const Shape& shape)
{
    double sum = 0;
    for (const auto& polygon : shape.polygons)
        for (std::size_t r = 0; r < polygon.size(); ++r) {
            const Path& ring = shape.paths[polygon[r]];
            if (ring.size() < 3)
                continue;
            const double q0 = q_of(ring.y(0)), factor = ring_factor(ring, r == 0);
            double ring_sum = 0;
            for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
                const std::size_t j = (i + 1) % n;
                ring_sum += edge_integral(ring.x(i), ring.y(i), ring.x(j), ring.y(j), q0);
            }
            sum += factor * ring_sum;
        }
    return std::max(0.0, sum * semi_major * semi_major / 2);
}

std::optional<double> intersection_area(const Shape& a, const Shape& b)
{
    // The boundary of a ∩ b is the part of a's boundary inside b and the part of b's inside a
    // (when they only cross): Green's theorem sums the area over those parts.
    thread_local std::vector<Edge> a_edges, b_edges;
    thread_local std::vector<Crossing> on_a, on_b;
    edges_of(a, a_edges);
    edges_of(b, b_edges);
    on_a.clear();
    on_b.clear();
    if (!find_crossings(a_edges, b_edges, on_a, on_b))
        return std::nullopt;
    const double q0 = q_of((a.box.south + a.box.north) / 2);
    double sum = 0;
    if (!inside_parts(a_edges, on_a, b_edges, q0, sum) || !inside_parts(b_edges, on_b, a_edges, q0, sum))
        return std::nullopt;
    return std::max(0.0, sum * semi_major * semi_major / 2);
}

double area_m2_lonlat_edges(const Wkb& wkb) { return shape_area(shape_from_wkb(wkb)); }

} // namespace lode
