// Edge cases of the spatial queries, each against an independent answer: empty layers and
// selections (nothing, and no crash), a feature of the searched layer asking for its neighbours,
// neighbours near both poles and across the antimeridian against a brute force over every
// geodesic (GeographicLib's Geodesic, with no index or prune), and polygons across the
// antimeridian against GeographicLib's rhumb-line areas (an edge along a parallel or a meridian,
// straight in longitude/latitude as lode reads edges, is a rhumb line; PolygonAreaRhumb reads an
// edge the short way across ±180°, as RFC 7946 asks).
#include "support.hpp"

#include "lode/geo/antimeridian.hpp"
#include "lode/geo/geodesic_distance.hpp"
#include "lode/geo/polygon_area.hpp"
#include "lode/import/importer.hpp"
#include "lode/query/spatial_query.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <GeographicLib/Rhumb.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

struct Point {
    std::string id;
    double lon, lat;
};

lode::Wkb point_wkb(double lon, double lat)
{
    lode::Wkb wkb(21, 0);
    wkb[0] = 1;
    wkb[1] = 1;
    std::memcpy(wkb.data() + 5, &lon, 8);
    std::memcpy(wkb.data() + 13, &lat, 8);
    return wkb;
}

// A point layer as load_query_layer makes it, with its index.
lode::QueryLayer point_layer(const std::vector<Point>& points)
{
    lode::QueryLayer layer;
    layer.layer = "points";
    for (const auto& p : points) {
        layer.add_row(p.id, "TEST", "");
        layer.wkbs.push_back(point_wkb(p.lon, p.lat));
        layer.xy.push_back(p.lon);
        layer.xy.push_back(p.lat);
        layer.boxes.push_back(lode::BBox{p.lon, p.lat, p.lon, p.lat});
    }
    layer.index = std::make_unique<lode::PackedRtree>(layer.boxes);
    return layer;
}

// (target id, distance) of find_near's answer for one query.
std::vector<std::pair<std::string, double>> near(const lode::QueryLayer& targets, const lode::QueryLayer& query,
                                                 const lode::NearOptions& options)
{
    std::vector<std::pair<std::string, double>> out;
    lode::find_near(targets, query, options, [&](const std::vector<lode::NearMatch>& matches) {
        for (const auto& m : matches)
            out.emplace_back(targets.rows[m.target].id, m.distance_m);
    });
    return out;
}

std::vector<std::string> ids(const std::vector<std::pair<std::string, double>>& matches)
{
    std::vector<std::string> out;
    for (const auto& m : matches)
        out.push_back(m.first);
    return out;
}

// The rhumb-line area of a ring given as lon, lat pairs (GeographicLib), m².
double rhumb_area(const std::vector<std::pair<double, double>>& ring)
{
    GeographicLib::PolygonAreaRhumb polygon(GeographicLib::Rhumb::WGS84());
    for (const auto& [lon, lat] : ring)
        polygon.AddPoint(lat, lon);
    double perimeter = 0, area = 0;
    polygon.Compute(false, true, perimeter, area);
    return std::fabs(area);
}

} // namespace

TEST_CASE("an empty layer or selection answers nothing: near --within and --nearest, overlap, count")
{
    const lode::PackedRtree empty_tree({});
    int visited = 0;
    empty_tree.query(lode::BBox{-180, -90, 180, 90}, [&](std::uint32_t) { ++visited; });
    CHECK(visited == 0);

    test::TempDir dir;
    auto store = test::test_store(dir);   // its layers hold no features
    lode::LoadOptions load;
    load.keep_wkb = true;
    const auto points = lode::load_query_layer(*store, "points", load);
    const auto areas = lode::load_query_layer(*store, "areas", load);
    REQUIRE(points.size() == 0);
    REQUIRE(areas.size() == 0);
    const auto from = lode::single_query("point", point_wkb(69.7, 40.9));
    lode::NearOptions within;
    within.within_m = 5000;
    CHECK(near(points, from, within).empty());
    lode::NearOptions nearest;
    nearest.nearest = 3;
    CHECK(near(points, from, nearest).empty());
    CHECK(near(areas, from, nearest).empty());
    CHECK(lode::find_pairs(areas, nullptr, {}).empty());
    CHECK(lode::find_pairs(areas, &areas, {}).empty());
    CHECK(lode::find_pairs(points, &areas, {}).empty());
    CHECK(lode::count_points(areas, points, {}).empty());
}

TEST_CASE("a feature is not its own neighbour, and a filter that leaves it out changes nothing else")
{
    const auto query = lode::single_query("A", point_wkb(10, 10));
    lode::NearOptions one;
    one.nearest = 1;
    one.skip_same_id = true;   // the query is a feature of the searched layer
    // B 0.01° north of A, C 0.02° north: echo "10 10 10.01 10" | GeodSolve -i -p 3 gives 1106.078 m
    const auto all = point_layer({{"A", 10, 10}, {"B", 10, 10.01}, {"C", 10, 10.02}});
    const auto got = near(all, query, one);
    REQUIRE(ids(got) == std::vector<std::string>{"B"});
    CHECK(got[0].second == doctest::Approx(1106.078).epsilon(1e-6));
    // a --where that keeps only others: the nearest of them (this read past an empty list before)
    CHECK(ids(near(point_layer({{"C", 10, 10.02}}), query, one)) == std::vector<std::string>{"C"});
    // a --where that keeps only the feature itself: no neighbour
    CHECK(near(point_layer({{"A", 10, 10}}), query, one).empty());
    lode::NearOptions five = one;
    five.nearest = 5;
    CHECK(ids(near(all, query, five)) == std::vector<std::string>{"B", "C"});
    lode::NearOptions within = one;
    within.nearest.reset();
    within.within_m = 5000;
    CHECK(ids(near(all, query, within)) == std::vector<std::string>{"B", "C"});
}

TEST_CASE("across a pole: the nearest point on the pole's other side is found (GeodSolve), south and north")
{
    for (const double side : {-1.0, 1.0}) {
        // echo "-89.72 -100.08 -89.79 80" | GeodSolve -i -p 3  ->  54730.033 (across the pole)
        // echo "-89.72 -100.08 -89.22 -100.08" | GeodSolve -i -p 3  ->  55846.938 (same meridian)
        // the ellipsoid is symmetric about the equator: the same in the north
        const auto targets = point_layer({{"ACROSS", 80, side * 89.79}, {"ALONG", -100.08, side * 89.22}});
        const auto query = lode::single_query("point", point_wkb(-100.08, side * 89.72));
        lode::NearOptions one;
        one.nearest = 1;
        const auto got = near(targets, query, one);
        REQUIRE(ids(got) == std::vector<std::string>{"ACROSS"});
        CHECK(got[0].second == doctest::Approx(54730.033).epsilon(1e-7));
        lode::NearOptions within;
        within.within_m = 60000;
        const auto both = near(targets, query, within);
        REQUIRE(ids(both) == std::vector<std::string>{"ACROSS", "ALONG"});
        CHECK(both[1].second == doctest::Approx(55846.938).epsilon(1e-7));
    }
}

TEST_CASE("neighbours near both poles and across the antimeridian equal a brute force over every geodesic")
{
    std::mt19937_64 random(20261205);
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(random); };
    struct Region {
        const char* name;
        double south, north;    // latitudes
        bool antimeridian;      // longitudes within 1.5° of ±180 (else anywhere)
        double within_m;
    };
    const Region regions[] = {{"south pole", -90, -88.5, false, 60000},
                              {"north pole", 88.5, 90, false, 60000},
                              {"antimeridian at the equator", -1.5, 1.5, true, 40000},
                              {"antimeridian at 75°S", -76.5, -73.5, true, 40000}};
    const auto& geodesic = GeographicLib::Geodesic::WGS84();
    std::size_t compared = 0, across = 0;
    for (const auto& region : regions) {
        CAPTURE(region.name);
        auto lon = [&] {
            if (!region.antimeridian)
                return uniform(-180, 180);
            const double x = uniform(178.5, 181.5);
            return x > 180 ? x - 360 : x;
        };
        std::vector<Point> points;
        for (int i = 0; i < 300; ++i)
            points.push_back({"P" + std::to_string(1000 + i), lon(), uniform(region.south, region.north)});
        const auto targets = point_layer(points);
        for (int q = 0; q < 40; ++q) {
            const double qlon = lon(), qlat = uniform(region.south, region.north);
            const auto query = lode::single_query("Q", point_wkb(qlon, qlat));
            // the brute force: every target's geodesic distance, nearest first (ties by id)
            std::vector<std::pair<double, std::string>> all;
            for (const auto& p : points) {
                double s = 0;
                geodesic.Inverse(qlat, qlon, p.lat, p.lon, s);
                all.emplace_back(s, p.id);
            }
            std::sort(all.begin(), all.end());
            std::vector<std::string> nearest1 = {all[0].second}, nearest5, within;
            for (std::size_t k = 0; k < 5; ++k)
                nearest5.push_back(all[k].second);
            for (const auto& [s, id] : all)
                if (s <= region.within_m)
                    within.push_back(id);
            for (const auto& [s, id] : all)
                if (s <= region.within_m) {
                    const auto& p = *std::find_if(points.begin(), points.end(), [&id = id](const Point& x) { return x.id == id; });
                    across += std::fabs(p.lon - qlon) > 90;   // a pair whose geodesic crosses a pole or ±180°
                }
            lode::NearOptions one, five, in;
            one.nearest = 1;
            five.nearest = 5;
            in.within_m = region.within_m;
            const auto got1 = near(targets, query, one);
            CHECK(ids(got1) == nearest1);
            CHECK(got1.at(0).second == all[0].first);
            CHECK(ids(near(targets, query, five)) == nearest5);
            CHECK(ids(near(targets, query, in)) == within);
            ++compared;
        }
    }
    CHECK(compared == 160);
    CHECK(across > 100);   // the brute force's matches include many pairs the long way in longitude
}

TEST_CASE("the prune's lower bound never exceeds the geodesic distance of a pair within its reach, near a pole")
{
    std::mt19937_64 random(7);
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(random); };
    const auto& geodesic = GeographicLib::Geodesic::WGS84();
    int checked = 0;
    for (int i = 0; i < 20000; ++i) {
        const double lat0 = uniform(85, 90), lat1 = uniform(85, 90), lon0 = uniform(-180, 180), lon1 = uniform(-180, 180);
        double s = 0;
        geodesic.Inverse(lat0, lon0, lat1, lon1, s);
        const double reach = uniform(1000, 600000);
        if (s > reach)
            continue;
        ++checked;
        const double bound = lode::distance_lower_bound_m(lode::BBox{lon0, lat0, lon0, lat0}, lode::BBox{lon1, lat1, lon1, lat1}, reach);
        CAPTURE(lat0);
        CAPTURE(lon0);
        CAPTURE(lat1);
        CAPTURE(lon1);
        REQUIRE(bound <= s);
    }
    CHECK(checked > 1000);
}

TEST_CASE("a polygon across the antimeridian is cut there: the 1° square's area, not a 359° band's")
{
    const lode::Where where{"fiji.geojson", 0, "FJ-1", ""};
    const auto wkb = lode::checked_lonlat_geometry("POLYGON((179.5 2,179.5 1,-179.5 1,-179.5 2,179.5 2))",
                                                   lode::GeometryType::multipolygon, where);
    const auto shape = lode::shape_from_wkb(wkb);
    CHECK(shape.polygons.size() == 2);
    for (const auto& path : shape.paths)
        for (std::size_t i = 1; i < path.size(); ++i)
            CHECK(std::fabs(path.x(i) - path.x(i - 1)) <= 0.5);
    // GeographicLib on the uncut ring (read the short way): 12,304,814,950 m²
    // (Planimeter -R on either half gives 6,152,407,475 m²)
    const double square = rhumb_area({{179.5, 2}, {179.5, 1}, {-179.5, 1}, {-179.5, 2}});
    CHECK(square == doctest::Approx(12'304'814'950.0).epsilon(1e-9));
    CHECK(lode::area_m2_lonlat_edges(wkb) == doctest::Approx(square).epsilon(1e-9));

    // a hole across it too: a 2° square less a 1° square
    const auto holed = lode::checked_lonlat_geometry(
        "POLYGON((179 -1,-179 -1,-179 1,179 1,179 -1),(179.5 -0.5,179.5 0.5,-179.5 0.5,-179.5 -0.5,179.5 -0.5))",
        lode::GeometryType::multipolygon, where);
    const double outer = rhumb_area({{179, -1}, {-179, -1}, {-179, 1}, {179, 1}});
    const double hole = rhumb_area({{179.5, -0.5}, {179.5, 0.5}, {-179.5, 0.5}, {-179.5, -0.5}});
    CHECK(lode::area_m2_lonlat_edges(holed) == doctest::Approx(outer - hole).epsilon(1e-9));

    // a point on either side lies inside; a point on the far side of the globe does not
    CHECK(lode::locate_in_polygons(shape, 179.9, 1.5) == 1);
    CHECK(lode::locate_in_polygons(shape, -179.9, 1.5) == 1);
    CHECK(lode::locate_in_polygons(shape, 0, 1.5) == -1);
}

TEST_CASE("lines across the antimeridian are cut there, and what does not cross, or is drawn edge to edge, stands")
{
    lode::register_gdal();
    const lode::Where where{"f", 0, "L", ""};
    const auto line = lode::checked_lonlat_geometry("LINESTRING(179 0,-179 0.5)", lode::GeometryType::multilinestring, where);
    const auto shape = lode::shape_from_wkb(line);
    REQUIRE(shape.paths.size() == 2);
    // the crossing at 180° lies halfway: latitude 0.25
    CHECK(shape.paths[0].xy == std::vector<double>{179, 0, 180, 0.25});
    CHECK(shape.paths[1].xy == std::vector<double>{-180, 0.25, -179, 0.5});

    auto parse = [](const char* wkt) {
        OGRGeometry* g = nullptr;
        REQUIRE(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) == OGRERR_NONE);
        return lode::GeometryPtr(g);
    };
    CHECK(lode::cut_at_antimeridian(*parse("POLYGON((170 1,175 1,175 2,170 2,170 1))"), where) == nullptr);
    CHECK(lode::cut_at_antimeridian(*parse("POLYGON((-180 -60,180 -60,180 60,-180 60,-180 -60))"), where) == nullptr);
    CHECK(lode::cut_at_antimeridian(*parse("MULTIPOINT((179 0),(-179 0))"), where) == nullptr);
    const auto cap = test::error_line<lode::InputError>(
        [&] { lode::cut_at_antimeridian(*parse("POLYGON((0 80,120 80,-120 80,0 80))"), where); });
    CHECK(test::contains(cap, "f: feature 0 (id 'L'): a ring crosses the antimeridian and goes round a pole"));
}

TEST_CASE("an edge drawn along the antimeridian (both ends on ±180° within 1e-4°) stands: Natural Earth's Antarctica")
{
    // Natural Earth's Antarctica closes its ring along the South Pole from 180 to
    // -179.99999999999994: an edge drawn along the map's edge, not across it. Here the same on a cap
    // south of 80°S, its edges along the parallel and the pole (rhumb lines, as lode reads edges).
    const lode::Where where{"ne_110m_admin_0_countries.shp", 159, "Antarctica", ""};
    const char* ring = "POLYGON((-179.99999999999994 -80,-90 -80,0 -80,90 -80,180 -80,180 -90,-179.99999999999994 -90,"
                       "-179.99999999999994 -80))";
    OGRGeometry* raw = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(ring, nullptr, &raw) == OGRERR_NONE);
    lode::GeometryPtr cap(raw);
    CHECK(lode::cut_at_antimeridian(*cap, where) == nullptr);   // not cut, no "goes round a pole"
    const auto wkb = lode::checked_lonlat_geometry(ring, lode::GeometryType::multipolygon, where);
    const auto shape = lode::shape_from_wkb(wkb);
    REQUIRE(shape.paths.size() == 1);
    CHECK(shape.paths[0].xy == std::vector<double>{-179.99999999999994, -80, -90, -80, 0, -80, 90, -80, 180, -80, 180, -90,
                                                   -179.99999999999994, -90, -179.99999999999994, -80});
    // Planimeter -R on the ring (lat lon per line): 3,908,572,761,836.6 m², the cap south of 80°S
    const double area = rhumb_area({{-179.99999999999994, -80}, {-90, -80}, {0, -80}, {90, -80}, {180, -80}, {180, -90},
                                    {-179.99999999999994, -90}});
    CHECK(area == doctest::Approx(3'908'572'761'836.6).epsilon(1e-9));
    CHECK(lode::area_m2_lonlat_edges(wkb) == doctest::Approx(area).epsilon(1e-9));

    // 5e-5° off ±180 still lies on it; 1e-3° off is an edge across it, read the short way, and then
    // this ring goes round the pole
    OGRGeometry* near = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt("POLYGON((-179.99995 -80,0 -80,179.99995 -80,179.99995 -90,-179.99995 -90,-179.99995 -80))",
                                              nullptr, &near) == OGRERR_NONE);
    CHECK(lode::cut_at_antimeridian(*lode::GeometryPtr(near), where) == nullptr);
    OGRGeometry* off = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt("POLYGON((-179.999 -80,0 -80,179.999 -80,179.999 -90,-179.999 -90,-179.999 -80))",
                                              nullptr, &off) == OGRERR_NONE);
    const auto round = test::error_line<lode::InputError>([&] { lode::cut_at_antimeridian(*lode::GeometryPtr(off), where); });
    CHECK(test::contains(round, "goes round a pole"));
}
