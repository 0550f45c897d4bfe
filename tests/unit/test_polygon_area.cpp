// Areas of polygons with lon/lat-straight edges against GeographicLib's PolygonArea (Karney) on the
// edges densified to 1e-4°, and intersection areas against GEOS's overlay.
#include "lode/geo/geos.hpp"
#include "lode/geo/polygon_area.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace {

using Ring = std::vector<double>;   // lon0, lat0, lon1, lat1, ..., closed

void put_u32(lode::Wkb& wkb, std::uint32_t v)
{
    for (int byte = 0; byte < 4; ++byte)   // little-endian, as the leading 1 says
        wkb.push_back(static_cast<unsigned char>(v >> (8 * byte)));
}

lode::Wkb multipolygon_wkb(const std::vector<std::vector<Ring>>& polygons)
{
    lode::Wkb wkb = {1};
    put_u32(wkb, 6);
    put_u32(wkb, static_cast<std::uint32_t>(polygons.size()));
    for (const auto& rings : polygons) {
        wkb.push_back(1);
        put_u32(wkb, 3);
        put_u32(wkb, static_cast<std::uint32_t>(rings.size()));
        for (const auto& ring : rings) {
            put_u32(wkb, static_cast<std::uint32_t>(ring.size() / 2));
            const std::size_t at = wkb.size();
            wkb.resize(at + ring.size() * sizeof(double));
            std::memcpy(wkb.data() + at, ring.data(), ring.size() * sizeof(double));
        }
    }
    return wkb;
}

lode::Shape shape(const std::vector<std::vector<Ring>>& polygons) { return lode::shape_from_wkb(multipolygon_wkb(polygons)); }

// Karney's area of the ring with every edge cut into steps of at most 1e-4° (geodesics that short
// follow the lon/lat-straight edge to well under a millimetre).
double karney_area(const Ring& ring)
{
    GeographicLib::PolygonArea polygon(GeographicLib::Geodesic::WGS84());
    for (std::size_t i = 0; i + 3 < ring.size(); i += 2) {
        const double x0 = ring[i], y0 = ring[i + 1], x1 = ring[i + 2], y1 = ring[i + 3];
        const int steps = std::max(1, static_cast<int>(std::ceil(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0)) / 1e-4)));
        for (int s = 0; s < steps; ++s)
            polygon.AddPoint(y0 + (y1 - y0) * s / steps, x0 + (x1 - x0) * s / steps);
    }
    double perimeter = 0, area = 0;
    polygon.Compute(false, true, perimeter, area);
    return std::fabs(area);
}

Ring reversed(const Ring& ring)
{
    Ring out;
    for (std::size_t i = ring.size(); i >= 2; i -= 2)
        out.insert(out.end(), {ring[i - 2], ring[i - 1]});
    return out;
}

// A star-shaped ring (valid, simple) around (x, y), radius r degrees, counter-clockwise.
Ring star(double x, double y, double r, int vertices, std::uint64_t& state)
{
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    Ring ring;
    for (int k = 0; k < vertices; ++k) {
        const double angle = 2 * 3.14159265358979323846 * (k + 0.8 * next()) / vertices;
        const double radius = r * (0.4 + 0.6 * next());
        ring.insert(ring.end(), {x + radius * std::cos(angle), y + radius * std::sin(angle)});
    }
    ring.insert(ring.end(), {ring[0], ring[1]});
    return ring;
}

// The reference: GEOS's intersection, measured by the area checked above.
double geos_intersection_area(const std::vector<std::vector<Ring>>& a, const std::vector<std::vector<Ring>>& b)
{
    lode::Geos geos;
    const auto ga = geos.read(multipolygon_wkb(a)), gb = geos.read(multipolygon_wkb(b));
    lode::Geos::Geometry both(GEOSIntersection_r(geos.handle(), ga.get(), gb.get()), lode::Geos::Deleter{geos.handle()});
    REQUIRE(both);
    if (GEOSisEmpty_r(geos.handle(), both.get()))
        return 0;
    return lode::shape_area(lode::shape_from_wkb(geos.write(both.get())));
}

} // namespace

TEST_CASE("a polygon's area equals Karney's area of its densified edges, whatever its size, place or orientation")
{
    const Ring tashkent = {69.10, 41.20, 69.31, 41.22, 69.35, 41.38, 69.15, 41.41, 69.10, 41.20};
    const Ring pilbara = {117.0, -24.0, 122.5, -23.1, 121.8, -19.6, 116.2, -20.4, 117.0, -24.0};   // 5° across
    const Ring mahenge = {36.60, -8.75, 36.75, -8.74, 36.76, -8.62, 36.61, -8.60, 36.60, -8.75};
    const Ring hole = {36.65, -8.70, 36.66, -8.66, 36.70, -8.67, 36.69, -8.71, 36.65, -8.70};   // clockwise
    for (const Ring& ring : {tashkent, pilbara, mahenge}) {
        CAPTURE(ring[0]);
        const double expected = karney_area(ring);
        CHECK(lode::shape_area(shape({{ring}})) == doctest::Approx(expected).epsilon(1e-9));
        CHECK(lode::shape_area(shape({{reversed(ring)}})) == doctest::Approx(expected).epsilon(1e-9));
    }
    CHECK(lode::shape_area(shape({{mahenge, hole}})) == doctest::Approx(karney_area(mahenge) - karney_area(hole)).epsilon(1e-9));
    CHECK(lode::shape_area(shape({{mahenge, reversed(hole)}})) == doctest::Approx(karney_area(mahenge) - karney_area(hole)).epsilon(1e-9));
    // a survey in Fiji split at the antimeridian: the two halves' areas add up to the whole one's
    const Ring whole = {179.80, -17.20, 180.25, -17.15, 180.20, -16.80, 179.85, -16.85, 179.80, -17.20};
    const double split_at = 180, t0 = (split_at - 179.80) / (180.25 - 179.80), t1 = (180.20 - split_at) / (180.20 - 179.85);
    const double y0 = -17.20 + t0 * (-17.15 + 17.20), y1 = -16.80 + t1 * (-16.85 + 16.80);
    const Ring west = {179.80, -17.20, 180.0, y0, 180.0, y1, 179.85, -16.85, 179.80, -17.20};
    const Ring east = {-180.0, y0, -179.75, -17.15, -179.80, -16.80, -180.0, y1, -180.0, y0};
    CHECK(lode::shape_area(shape({{west}, {east}})) == doctest::Approx(karney_area(whole)).epsilon(1e-9));
}

TEST_CASE("intersection areas of crossing polygons equal GEOS's overlay measured, with holes and multipolygons")
{
    std::uint64_t state = 7;
    int measured = 0, disjoint = 0;
    for (int k = 0; k < 400; ++k) {
        const double x = 60 + 0.01 * k, y = 40 - 0.005 * k;
        const auto a = std::vector<std::vector<Ring>>{{star(x, y, 0.05, 8 + k % 17, state)}};
        const auto b = std::vector<std::vector<Ring>>{{star(x + 0.06 * std::cos(k), y + 0.06 * std::sin(k), 0.04, 8 + k % 9, state)}};
        const auto area = lode::intersection_area(shape(a), shape(b));
        if (!area)
            continue;
        ++measured;
        const double expected = geos_intersection_area(a, b);
        disjoint += expected == 0;
        CAPTURE(k);
        CHECK(*area == doctest::Approx(expected).epsilon(1e-9));
        CHECK(*area == doctest::Approx(*lode::intersection_area(shape(b), shape(a))).epsilon(1e-12));
    }
    CHECK(measured == 400);   // random stars meet only by proper crossings
    CHECK(disjoint > 0);
    CHECK(disjoint < 200);
    // a polygon with a hole against one crossing both its rings, and a multipolygon against both parts
    const Ring outer = {36.60, -8.75, 36.75, -8.74, 36.76, -8.62, 36.61, -8.60, 36.60, -8.75};
    const Ring hole = {36.65, -8.70, 36.66, -8.66, 36.70, -8.67, 36.69, -8.71, 36.65, -8.70};
    const Ring across = {36.67, -8.80, 36.69, -8.80, 36.695, -8.55, 36.672, -8.55, 36.67, -8.80};
    const std::vector<std::vector<Ring>> holed = {{outer, hole}}, bar = {{across}};
    CHECK(*lode::intersection_area(shape(holed), shape(bar)) == doctest::Approx(geos_intersection_area(holed, bar)).epsilon(1e-9));
    const Ring left = {36.55, -8.68, 36.68, -8.685, 36.68, -8.675, 36.55, -8.67, 36.55, -8.68};
    const Ring right = {36.685, -8.69, 36.80, -8.69, 36.80, -8.68, 36.685, -8.68, 36.685, -8.69};
    const std::vector<std::vector<Ring>> two = {{left}, {right}};
    CHECK(*lode::intersection_area(shape(two), shape(holed)) == doctest::Approx(geos_intersection_area(two, holed)).epsilon(1e-9));
}

TEST_CASE("boundaries that meet other than by crossing are left to GEOS")
{
    const Ring block = {64.0, 40.0, 64.1, 40.0, 64.1, 40.1, 64.0, 40.1, 64.0, 40.0};
    const Ring beside = {64.1, 40.0, 64.2, 40.0, 64.2, 40.1, 64.1, 40.1, 64.1, 40.0};         // shares an edge
    const Ring corner = {64.1, 40.1, 64.2, 40.1, 64.2, 40.2, 64.1, 40.2, 64.1, 40.1};         // shares a vertex
    const Ring on_edge = {64.05, 40.1, 64.15, 40.15, 64.05, 40.2, 64.05, 40.1};              // a vertex on an edge
    const Ring overlapping = {64.05, 40.0, 64.15, 40.0, 64.15, 40.1, 64.05, 40.1, 64.05, 40.0};   // collinear edges
    for (const Ring& other : {block, beside, corner, on_edge, overlapping})
        CHECK_FALSE(lode::intersection_area(shape({{block}}), shape({{other}})));
}

TEST_CASE("a vertex put on another licence's slanted edge by arithmetic (a hair off it) is measured right or left to GEOS")
{
    // A's edge from (64.0, 40.0) to (64.1, 40.07); B's vertex at a fraction of it, rounded.
    const Ring a = {64.0, 40.0, 64.1, 40.07, 64.0, 40.1, 64.0, 40.0};
    int measured = 0;
    for (const double t : {1.0 / 3, 1.0 / 7, 2.0 / 9, 0.1, 0.7, 5.0 / 11}) {
        CAPTURE(t);
        const double x = 64.0 + t * 0.1, y = 40.0 + t * 0.07;
        for (const double side : {-1.0, 1.0}) {   // B reaching into A, or away from it
            const Ring b = {x, y, x + 0.05, y + side * 0.06, x - 0.03, y + side * 0.05, x, y};
            const std::vector<std::vector<Ring>> pa = {{a}}, pb = {{side > 0 ? b : reversed(b)}};
            const auto area = lode::intersection_area(shape(pa), shape(pb));
            if (!area)
                continue;
            ++measured;
            const double expected = geos_intersection_area(pa, pb);
            CHECK(std::fabs(*area - expected) <= std::max(1e-3, 1e-9 * expected));
        }
    }
    MESSAGE(measured << " of 12 measured without GEOS");
}
