// Spatial queries against independent references: PostGIS geography values computed once
// (tests/data/queries/reference.sql → reference.csv) and GeographicLib's GeodSolve.
#include "support.hpp"

#include "lode/geo/polygon_area.hpp"
#include "lode/geo/geodesic_distance.hpp"
#include "lode/import/importer.hpp"
#include "lode/query/spatial_query.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace {

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<lode::Store> store = test::test_store(dir);
    lode::QueryLayer points, areas;

    Fixture()
    {
        for (const char* layer : {"points", "areas"}) {
            lode::ImportOptions options;
            options.file = test::data(std::string("queries/") + layer + ".geojson");
            options.layer = layer;
            options.project = "TEST";
            lode::import_features(*store, options);
        }
        lode::LoadOptions load;
        load.keep_wkb = true;
        points = lode::load_query_layer(*store, "points", load);
        areas = lode::load_query_layer(*store, "areas", load);
    }
};

// (kind, a, b) -> PostGIS value
std::map<std::tuple<std::string, std::string, std::string>, double> references()
{
    std::ifstream in(test::data("queries/reference.csv"));
    std::map<std::tuple<std::string, std::string, std::string>, double> out;
    std::string line;
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string kind, a, b, value;
        std::getline(ss, kind, ',');
        std::getline(ss, a, ',');
        std::getline(ss, b, ',');
        std::getline(ss, value, ',');
        out[{kind, a, b}] = std::stod(value);
    }
    return out;
}

// Every (query id, target id) -> distance that find_near reports within 2,000 km.
std::map<std::pair<std::string, std::string>, double> distances(const lode::QueryLayer& targets, const lode::QueryLayer& queries)
{
    lode::NearOptions options;
    options.within_m = 2'000'000;
    options.skip_same_id = &targets == &queries;
    std::map<std::pair<std::string, std::string>, double> out;
    lode::find_near(targets, queries, options, [&](const std::vector<lode::NearMatch>& matches) {
        for (const auto& m : matches)
            out[{queries.rows[m.from].id, targets.rows[m.target].id}] = m.distance_m;
    });
    return out;
}

// PostGIS reads edges as geodesics and lode as straight in degrees; with vertices 220 m apart
// the readings part by well under a millimetre, so what is left is the references' own precision
// (PostGIS measures point-to-edge distances on the sphere first): 1 cm, or 1e-7 beyond 100 km.
double tolerance(double metres) { return std::max(0.01, metres * 1e-7); }

} // namespace

TEST_CASE("point-polygon distances match PostGIS geography, 0 inside and on the boundary, across the antimeridian")
{
    Fixture f;
    const auto ref = references();
    const auto lode = distances(f.areas, f.points);
    std::size_t compared = 0;
    for (const auto& [key, value] : ref) {
        const auto& kind = std::get<0>(key);
        const auto& a = std::get<1>(key);   // not structured bindings: CAPTURE takes them in a lambda (clang 14)
        const auto& b = std::get<2>(key);
        if (kind != "point_area")
            continue;
        CAPTURE(a);
        CAPTURE(b);
        REQUIRE(lode.count({a, b}) == 1);
        CHECK(std::fabs(lode.at({a, b}) - value) <= tolerance(value));
        ++compared;
    }
    CHECK(compared == 29);
    CHECK(lode.at({"IN", "SQ"}) == 0);
    CHECK(lode.at({"EDGE", "SQ"}) == 0);          // on the boundary
    CHECK(lode.at({"HOLE", "SQ"}) > 270);         // in the hole: outside the polygon
    CHECK(lode.at({"FIJI-IN", "FIJI"}) == 0);     // the west half of a survey split at 180°
    CHECK(lode.at({"FIJI-EAST", "FIJI"}) == doctest::Approx(10654.2138).epsilon(1e-6));
}

TEST_CASE("polygon-polygon distances match PostGIS geography, and touching, overlapping and identical polygons are 0 apart")
{
    Fixture f;
    const auto ref = references();
    const auto lode = distances(f.areas, f.areas);
    std::size_t compared = 0;
    for (const auto& [key, value] : ref) {
        const auto& kind = std::get<0>(key);
        const auto& a = std::get<1>(key);   // not structured bindings: CAPTURE takes them in a lambda (clang 14)
        const auto& b = std::get<2>(key);
        if (kind != "area_area")
            continue;
        CAPTURE(a);
        CAPTURE(b);
        REQUIRE(lode.count({a, b}) == 1);
        CHECK(std::fabs(lode.at({a, b}) - value) <= tolerance(value));
        CHECK(lode.at({b, a}) == doctest::Approx(lode.at({a, b})));
        ++compared;
    }
    CHECK(compared == 10);
}

TEST_CASE("point-point distances match PostGIS geography and GeodSolve")
{
    Fixture f;
    const auto ref = references();
    const auto lode = distances(f.points, f.points);
    for (const auto& [key, value] : ref) {
        const auto& kind = std::get<0>(key);
        const auto& a = std::get<1>(key);   // not structured bindings: CAPTURE takes them in a lambda (clang 14)
        const auto& b = std::get<2>(key);
        if (kind != "point_point")
            continue;
        CAPTURE(a);
        CAPTURE(b);
        CHECK(std::fabs(lode.at({a, b}) - value) <= 0.001);
    }
    // echo "-16.9 179.95 -16.9 -179.7" | GeodSolve -i -p 4  -> 37289.7448 m, across the antimeridian
    CHECK(lode.at({"FIJI-EAST", "FIJI-IN"}) == doctest::Approx(37289.7448).epsilon(1e-8));
}

TEST_CASE("polygon areas and intersection areas match PostGIS geography")
{
    Fixture f;
    const auto ref = references();
    for (std::size_t i = 0; i < f.areas.size(); ++i) {
        const double expected = ref.at({"area_m2", f.areas.rows[i].id, ""});
        CAPTURE(f.areas.rows[i].id);
        CHECK(lode::area_m2_lonlat_edges(f.areas.wkbs[i]) == doctest::Approx(expected).epsilon(1e-6));
    }
    const auto pairs = lode::find_pairs(f.areas, nullptr, {});
    std::set<std::pair<std::string, std::string>> found;
    for (const auto& m : pairs) {
        const std::string a = f.areas.rows[m.a].id, b = f.areas.rows[m.b].id;
        CAPTURE(a);
        CAPTURE(b);
        CHECK(a < b);   // each unordered pair once, in id order
        found.insert({a, b});
        const double expected = ref.at({"intersection_m2", a, b});
        REQUIRE(m.area_m2);
        CHECK(std::fabs(*m.area_m2 - expected) <= std::max(1.0, expected * 1e-6));
    }
    // PostGIS's ST_Intersects pairs, touching ones (area 0) included
    std::set<std::pair<std::string, std::string>> expected_pairs;
    for (const auto& [key, value] : ref)
        if (std::get<0>(key) == "intersection_m2")
            expected_pairs.insert({std::get<1>(key), std::get<2>(key)});
    CHECK(found == expected_pairs);
    for (const auto& m : pairs)
        if (f.areas.rows[m.a].id == "SQ2" && f.areas.rows[m.b].id == "SQ2-COPY") {
            CHECK(*m.pct_a == doctest::Approx(100));
            CHECK(*m.pct_b == doctest::Approx(100));
        }
}

TEST_CASE("overlap predicates: touching, overlapping, identical and contained polygons")
{
    Fixture f;
    auto pairs_for = [&](lode::Predicate predicate) {
        lode::PairOptions options;
        options.predicate = predicate;
        std::set<std::string> out;
        for (const auto& m : lode::find_pairs(f.areas, nullptr, options))
            out.insert(f.areas.rows[m.a].id + "/" + f.areas.rows[m.b].id);
        return out;
    };
    CHECK(pairs_for(lode::Predicate::touches) == std::set<std::string>{"CORNER/SQ", "SQ/WEST"});
    CHECK(pairs_for(lode::Predicate::overlaps) == std::set<std::string>{"SQ/SQ2", "SQ/SQ2-COPY"});
    // identical polygons contain each other; the pair is reported once, in id order
    CHECK(pairs_for(lode::Predicate::contains) == std::set<std::string>{"SQ2/SQ2-COPY"});
    lode::PairOptions big;
    big.min_area_m2 = 1e6;
    const auto large = lode::find_pairs(f.areas, nullptr, big);
    REQUIRE(large.size() == 1);
    CHECK(f.areas.rows[large[0].a].id == "SQ2");
}

TEST_CASE("points are counted per polygon: boundary in, holes out, both halves of an antimeridian polygon")
{
    Fixture f;
    const auto rows = lode::count_points(f.areas, f.points, {});
    std::map<std::string, std::size_t> counts;
    for (const auto& r : rows)
        counts[f.areas.rows[r.polygon].id] = r.count;
    CHECK(counts.at("SQ") == 2);       // IN and EDGE; HOLE lies in its hole
    CHECK(counts.at("WEST") == 1);     // EDGE, on the shared edge
    CHECK(counts.at("FIJI") == 1);
    CHECK(counts.at("SQ2") == 0);
    CHECK(counts.at("UZ-PAIR") == 0);
}

TEST_CASE("nearest: k nearest in order, empty results, and within + nearest together")
{
    Fixture f;
    lode::NearOptions nearest2;
    nearest2.nearest = 2;
    const auto one = lode::single_query("EAST", f.points.wkbs[2]);
    std::vector<std::string> ids;
    std::vector<double> d;
    lode::find_near(f.areas, one, nearest2, [&](const std::vector<lode::NearMatch>& matches) {
        for (const auto& m : matches) {
            ids.push_back(f.areas.rows[m.target].id);
            d.push_back(m.distance_m);
        }
    });
    // PostGIS: EAST-CORNER 1560.2231, EAST-SQ2 1650.7497 (and SQ2-COPY at the same distance)
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] == "CORNER");
    CHECK(ids[1] == "SQ2");   // ties broken by id
    CHECK(d[0] == doctest::Approx(1560.2231).epsilon(1e-7));

    lode::NearOptions tight;
    tight.within_m = 1;
    std::size_t matches = 0;
    const auto dodoma = lode::single_query("DODOMA", f.points.wkbs[4]);
    lode::find_near(f.areas, dodoma, tight, [&](const auto& m) { matches += m.size(); });
    CHECK(matches == 0);

    lode::NearOptions both;
    both.within_m = 2000;
    both.nearest = 5;
    ids.clear();
    lode::find_near(f.areas, one, both, [&](const std::vector<lode::NearMatch>& m) {
        for (const auto& x : m)
            ids.push_back(f.areas.rows[x.target].id);
    });
    CHECK(ids == std::vector<std::string>{"CORNER", "SQ2", "SQ2-COPY"});
}

TEST_CASE("an edge's nearest point is found exactly: a long edge against GeodSolve")
{
    // The meridian edge from (0°, 0°) to (0°, 10°) read straight in degrees is the meridian itself,
    // so the nearest point to (1°E, 5°N) lies on it at the foot of the perpendicular geodesic;
    // the distance is the least over the edge, which the foot's neighbours confirm.
    const double d = lode::distance_to_segment_m(1, 5, 0, 0, 0, 10);
    double best = 1e300;
    for (int i = 0; i <= 100000; ++i) {
        const double lat = 10.0 * i / 100000;
        best = std::min(best, lode::distance_to_segment_m(1, 5, 0, lat, 0, lat));
    }
    CHECK(d <= best + 1e-6);
    CHECK(d >= best - 0.01);   // the brute-force grid is 11 m coarse; the solution can only be nearer
    // echo "5 1 5 0" | GeodSolve -i -p 4 -> 110898.6955 m to the point due west (azimuth -89.956°
    // there, not -90°): the foot of the perpendicular lies a little off 5°N, and nearer.
    CHECK(d < 110898.6955);
    CHECK(d > 110898.6955 - 0.1);
}

TEST_CASE("a big point layer is read on two connections: every point once, with its numbers and id, in fid order")
{
    // 6,000 points: enough for the store to split the read by fid range over two connections.
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string file = (std::filesystem::path(dir.path) / "many.geojson").string();
    {
        std::ofstream out(file);
        out << R"({"type":"FeatureCollection","features":[)";
        for (int i = 0; i < 6000; ++i)
            out << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"P)" << i << R"(","grade":)"
                << (i % 7 == 0 ? std::string("null") : std::to_string(i % 100) + ".25") << R"(},"geometry":{"type":"Point","coordinates":[)"
                << 60 + i * 1e-4 << "," << 40 + (i % 100) * 1e-3 << "]}}";
        out << "]}";
    }
    lode::ImportOptions options;
    options.file = file;
    options.layer = "points";
    options.project = "TEST";
    lode::import_features(*store, options);

    std::map<std::pair<double, double>, double> expected;   // (lon, lat) -> grade, from the ordinary read
    CHECK(store->scan("points", {}, lode::Reading::geometries({"grade"}), [&](lode::ScanRow& row) {
        const auto shape = lode::shape_from_wkb(row.wkb);
        expected[{shape.x(), shape.y()}] = row.numbers.at(0);
        return true;
    }) == 1);   // one part, as asked
    REQUIRE(expected.size() == 6000);

    std::vector<std::pair<std::pair<double, double>, double>> got[2];
    lode::Reading points = lode::Reading::points({"grade"});
    points.parts = 8;   // more than SpatiaLite reads at once
    std::mutex guard;
    REQUIRE(store->scan("points", {}, points, [&](lode::ScanRow& row) {
        std::lock_guard lock(guard);   // REQUIRE is not thread-safe
        REQUIRE(row.part < 2);
        REQUIRE(row.numbers.size() == 1);
        REQUIRE(row.id.empty());   // a point read reads no ids
        got[row.part].push_back({{row.x, row.y}, row.numbers[0]});
        return true;
    }) == 2);
    CHECK(!got[0].empty());
    CHECK(!got[1].empty());   // the second connection read its half
    std::size_t matched = 0;
    for (const auto& part : got)
        for (const auto& [xy, value] : part) {
            const auto it = expected.find(xy);
            REQUIRE(it != expected.end());
            if (std::isnan(it->second))
                CHECK(std::isnan(value));
            else
                CHECK(value == it->second);
            ++matched;
        }
    CHECK(matched == 6000);
    CHECK(std::isnan(expected.at({60.0, 40.0})));   // P0 has no grade
    CHECK(expected.at({60.0001, 40.001}) == 1.25);

    // The rows read in parts are the ordinary read's: part 0's, then part 1's, in storage order.
    std::vector<std::string> rows[2];
    lode::Reading two = lode::Reading::geometries();
    two.parts = 2;
    REQUIRE(store->scan("points", {}, two, [&](lode::ScanRow& row) {
        std::lock_guard lock(guard);
        REQUIRE(row.part < 2);
        rows[row.part].push_back(row.id);
        return true;
    }) == 2);
    REQUIRE(!rows[0].empty());
    REQUIRE(!rows[1].empty());
    std::vector<std::string> joined = rows[0], whole;
    joined.insert(joined.end(), rows[1].begin(), rows[1].end());
    store->scan("points", {}, lode::Reading::features(), [&](lode::ScanRow& row) {
        whole.push_back(row.feature.id);
        return true;
    });
    CHECK(joined == whole);

    // A visitor that says stop stops both parts: far fewer rows than the layer's.
    std::atomic<std::size_t> visited{0};
    store->scan("points", {}, two, [&](lode::ScanRow&) { return ++visited < 10; });
    CHECK(visited.load() >= 10);
    CHECK(visited.load() <= 11);   // the other part may be inside its visit once more, then stops too
    std::size_t alone = 0;
    store->scan("points", {}, lode::Reading::geometries(), [&](lode::ScanRow&) { return ++alone < 10; });
    CHECK(alone == 10);

    // A polygon layer is refused, naming it.
    CHECK_THROWS_WITH_AS(store->scan("areas", {}, lode::Reading::points(), [](lode::ScanRow&) { return true; }),
                         doctest::Contains("areas"), lode::InputError);
}

TEST_CASE("a polygon is proven inside another only when it is: strictly inside, not touching, no holes in the way")
{
    auto polygon = [](std::vector<std::vector<double>> rings) {
        lode::Shape s;
        s.kind = lode::Shape::Kind::polygon;
        s.polygons.emplace_back();
        s.box = {1e9, 1e9, -1e9, -1e9};
        for (auto& ring : rings) {
            s.polygons.back().push_back(s.paths.size());
            s.paths.push_back({ring});
            for (std::size_t i = 0; i < ring.size(); i += 2) {
                s.box.west = std::min(s.box.west, ring[i]);
                s.box.east = std::max(s.box.east, ring[i]);
                s.box.south = std::min(s.box.south, ring[i + 1]);
                s.box.north = std::max(s.box.north, ring[i + 1]);
            }
        }
        return s;
    };
    const auto big = polygon({{0, 0, 10, 0, 10, 10, 0, 10, 0, 0}});
    const auto small = polygon({{2, 2, 4, 2, 4, 4, 2, 4, 2, 2}});
    const auto touching = polygon({{0, 2, 4, 2, 4, 4, 0, 4, 0, 2}});      // shares part of big's west edge
    const auto corner = polygon({{2, 2, 10, 2, 4, 4, 2, 4, 2, 2}});       // a vertex on big's east edge
    const auto crossing = polygon({{8, 8, 12, 8, 12, 12, 8, 12, 8, 8}});
    // a concave outer (a U) whose notch the inner spans: vertices all inside, an edge crosses
    const auto u = polygon({{0, 0, 10, 0, 10, 10, 6, 10, 6, 3, 4, 3, 4, 10, 0, 10, 0, 0}});
    const auto bridge = polygon({{1, 5, 9, 5, 9, 6, 1, 6, 1, 5}});
    const auto holed = polygon({{0, 0, 10, 0, 10, 10, 0, 10, 0, 0}, {5, 5, 6, 5, 6, 6, 5, 6, 5, 5}});
    CHECK(lode::shape_inside(small, big));
    CHECK_FALSE(lode::shape_inside(big, small));
    CHECK_FALSE(lode::shape_inside(touching, big));
    CHECK_FALSE(lode::shape_inside(corner, big));
    CHECK_FALSE(lode::shape_inside(crossing, big));
    CHECK_FALSE(lode::shape_inside(bridge, u));
    CHECK_FALSE(lode::shape_inside(small, holed));   // not proven: the hole might lie within
    CHECK_FALSE(lode::shape_inside(big, big));
}

TEST_CASE("a licence inside another overlaps it by its own area, as GEOS's intersection gives it")
{
    auto polygon_wkb = [](const std::vector<double>& ring) {
        lode::Wkb wkb = {1, 3, 0, 0, 0, 1, 0, 0, 0};   // little-endian Polygon, one ring
        const auto n = static_cast<std::uint32_t>(ring.size() / 2);
        wkb.insert(wkb.end(), reinterpret_cast<const unsigned char*>(&n), reinterpret_cast<const unsigned char*>(&n) + 4);
        wkb.insert(wkb.end(), reinterpret_cast<const unsigned char*>(ring.data()),
                   reinterpret_cast<const unsigned char*>(ring.data() + ring.size()));
        return wkb;
    };
    // A 0.2° licence near Tashkent and a smaller one wholly inside it, 0.05° on a side.
    const auto outer = polygon_wkb({69.0, 41.0, 69.2, 41.0, 69.2, 41.2, 69.0, 41.2, 69.0, 41.0});
    const auto inner = polygon_wkb({69.05, 41.05, 69.1, 41.06, 69.09, 41.1, 69.05, 41.1, 69.05, 41.05});
    const lode::QueryLayer a = lode::single_query("OUTER", outer);
    lode::QueryLayer b = lode::single_query("INNER", inner);
    b.index = std::make_unique<lode::PackedRtree>(b.boxes);
    lode::PairOptions shortcut;
    lode::PairOptions overlay;   // keeping the intersection makes GEOS compute it
    overlay.keep_intersection = true;
    const auto by_own_area = lode::find_pairs(a, &b, shortcut);
    const auto by_geos = lode::find_pairs(a, &b, overlay);
    REQUIRE(by_own_area.size() == 1);
    REQUIRE(by_geos.size() == 1);
    const double own = lode::area_m2_lonlat_edges(inner);
    CHECK(*by_own_area[0].area_m2 == own);
    CHECK(*by_geos[0].area_m2 == doctest::Approx(own).epsilon(1e-9));
    CHECK(*by_own_area[0].pct_b == doctest::Approx(100).epsilon(1e-12));
    CHECK(*by_own_area[0].pct_a == doctest::Approx(100 * own / lode::area_m2_lonlat_edges(outer)).epsilon(1e-12));
    // A --min-area above it drops the pair.
    lode::PairOptions big;
    big.min_area_m2 = own * 1.01;
    CHECK(lode::find_pairs(a, &b, big).empty());
}

TEST_CASE("points are counted as a brute-force test of every polygon counts them, on the grid and off it")
{
    auto square_wkb = [](double x, double y, double size) {
        const std::vector<double> ring = {x, y, x + size, y, x + size, y + size, x, y + size, x, y};
        lode::Wkb wkb = {1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0};   // little-endian Polygon, one ring of 5 points
        wkb.insert(wkb.end(), reinterpret_cast<const unsigned char*>(ring.data()),
                   reinterpret_cast<const unsigned char*>(ring.data() + ring.size()));
        return wkb;
    };
    for (const bool huge : {false, true}) {   // a huge polygon makes the count use the R-tree instead of the grid
        lode::QueryLayer polygons;
        polygons.geometry = lode::GeometryType::multipolygon;
        for (int i = 0; i < 300; ++i) {
            const auto shape = lode::shape_from_wkb(square_wkb(60 + (i % 20) * 0.037, 40 + (i / 20) * 0.029, 0.02 + (i % 7) * 0.01));
            polygons.boxes.push_back(shape.box);
            polygons.shapes.push_back(shape);
        }
        if (huge) {
            const auto shape = lode::shape_from_wkb(square_wkb(50, 30, 20));
            polygons.boxes.push_back(shape.box);
            polygons.shapes.push_back(shape);
        }
        polygons.index = std::make_unique<lode::PackedRtree>(polygons.boxes);
        lode::PointBatch points;
        std::uint64_t state = 42;
        auto next = [&] { state = state * 6364136223846793005ULL + 1442695040888963407ULL; return static_cast<double>(state >> 11) / 9007199254740992.0; };
        for (int j = 0; j < 20000; ++j) {
            points.xy.push_back(59.95 + next() * 0.85);
            points.xy.push_back(39.95 + next() * 0.5);
        }
        // and points exactly on corners and edges of the squares
        for (int i = 0; i < 300; i += 7) {
            points.xy.insert(points.xy.end(), {polygons.boxes[i].west, polygons.boxes[i].south});
            points.xy.insert(points.xy.end(), {polygons.boxes[i].east, (polygons.boxes[i].south + polygons.boxes[i].north) / 2});
        }
        // given in two parts, as the two connections of a split read deliver them
        lode::PointBatch first, second;
        first.xy.assign(points.xy.begin(), points.xy.begin() + 2 * 7001);
        second.xy.assign(points.xy.begin() + 2 * 7001, points.xy.end());
        const auto rows = lode::count_points(polygons, {&first, &second}, {});
        REQUIRE(rows.size() == polygons.size());
        std::size_t total = 0;
        for (const auto& row : rows) {
            std::size_t expected = 0;
            for (std::size_t j = 0; j < points.size(); ++j)
                expected += lode::locate_in_polygons(polygons.shapes[row.polygon], points.xy[2 * j], points.xy[2 * j + 1]) >= 0;
            CHECK(row.count == expected);
            total += row.count;
        }
        CHECK(total > 1000);
    }
}

TEST_CASE("geometries read for queries equal SpatiaLite's own WKB of them: points, lines, multipolygons with holes")
{
    test::TempDir dir;
    auto store = test::test_store(dir, test::data("../../layers"));
    auto u32 = [](lode::Wkb& w, std::uint32_t v) {
        for (int k = 0; k < 4; ++k)
            w.push_back(static_cast<unsigned char>(v >> (8 * k)));
    };
    auto coords = [](lode::Wkb& w, const std::vector<double>& xy) {
        const std::size_t at = w.size();
        w.resize(at + 8 * xy.size());
        std::memcpy(w.data() + at, xy.data(), 8 * xy.size());
    };
    lode::Wkb lines = {1};
    u32(lines, 5);
    u32(lines, 2);
    for (const std::vector<double>& line : {std::vector<double>{64.1, 40.1, 64.2, 40.15, 64.3, 40.1}, std::vector<double>{64.4, 40.2, 64.5, 40.25}}) {
        lines.push_back(1);
        u32(lines, 2);
        u32(lines, static_cast<std::uint32_t>(line.size() / 2));
        coords(lines, line);
    }
    lode::Wkb polygons = {1};
    u32(polygons, 6);
    u32(polygons, 2);
    polygons.push_back(1);
    u32(polygons, 3);
    u32(polygons, 2);   // with a hole
    u32(polygons, 5);
    coords(polygons, {36.60, -8.75, 36.75, -8.74, 36.76, -8.62, 36.61, -8.60, 36.60, -8.75});
    u32(polygons, 5);
    coords(polygons, {36.65, -8.70, 36.66, -8.66, 36.70, -8.67, 36.69, -8.71, 36.65, -8.70});
    polygons.push_back(1);
    u32(polygons, 3);
    u32(polygons, 1);
    u32(polygons, 4);
    coords(polygons, {36.80, -8.75, 36.90, -8.75, 36.85, -8.65, 36.80, -8.75});
    lode::Wkb point = {1};
    u32(point, 1);
    coords(point, {69.25, 41.3});
    const std::vector<std::pair<std::string, lode::Wkb>> cases = {{"traverses", lines}, {"licences", polygons}, {"samples", point}};
    for (const auto& [layer_, wkb] : cases) {
        const std::string& layer = layer_;   // CAPTURE takes it in a lambda, which may not name a structured binding (clang 14)
        CAPTURE(layer);
        lode::Feature f;
        f.id = layer + "-1";
        f.project = "TEST";
        f.wkb = wkb;
        store->insert_feature(layer, f);
        lode::Wkb spatialite, ours;
        store->scan(layer, {}, lode::Reading::features(), [&](lode::ScanRow& row) { spatialite = row.feature.wkb; return true; });
        store->scan(layer, {}, lode::Reading::geometries(), [&](lode::ScanRow& row) { ours = row.wkb; return true; });
        CHECK(spatialite == wkb);
        CHECK(ours == spatialite);
    }
}
