// What the fuzz targets of tests/fuzz found, each kept as the clean error or the right answer.
#include "support.hpp"

#include "lode/geo/shape.hpp"
#include "lode/import/importer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>

TEST_CASE("fuzz finding: an arc that bulges past 180° is refused as its straight edges would be")
{
    // An arc of the circle of radius 1° about (179.5 0), counterclockwise from 270° through 120° to
    // 180°: it passes 0°, at longitude 180.5, though every vertex given lies within ±180°.
    const std::string line = test::error_line([] {
        lode::checked_lonlat_geometry("CIRCULARSTRING (179.5 -1,179 0.8660254037844386,178.5 0)", lode::GeometryType::multilinestring, {"f.csv", 0, "", ""});
    });
    INFO(line);
    CHECK(test::contains(line, "is outside ±180"));
}

TEST_CASE("fuzz finding: a line cut at the antimeridian keeps every vertex within ±180°")
{
    // Edges 159 → -179.511 (across ±180°) and 1 → 180 (on it): the cut point must lie on 180, not a
    // rounding error past it.
    const lode::Wkb wkb = lode::checked_lonlat_geometry("MULTILINESTRING((159 2,-179.511 2,1 2,179.5 0,1 19,180 2))",
                                                        lode::GeometryType::multilinestring, {"f.csv", 0, "", ""});
    const lode::Shape shape = lode::shape_from_wkb(wkb);
    double east = -1000, west = 1000;
    for (const auto& path : shape.paths)
        for (std::size_t i = 0; i < path.size(); ++i) {
            east = std::max(east, path.x(i));
            west = std::min(west, path.x(i));
        }
    CHECK(east <= 180);
    CHECK(east == doctest::Approx(180));
    CHECK(west >= -180);   // the 0.489° past 180 moved to the other side
    CHECK(west == doctest::Approx(-180));
    CHECK(shape.paths.size() >= 2);
}

TEST_CASE("fuzz finding: a GeoJSON property name that is not UTF-8 is refused in one line, the store unchanged")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string file = dir / "bad_name.geojson";
    std::ofstream(file, std::ios::binary) << "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                                             "\"properties\": {\"id\": \"A\", \"na\xE7\xE7me\": \"x\"}, "
                                             "\"geometry\": {\"type\": \"Point\", \"coordinates\": [69.6, 40.85]}}]}";
    lode::ImportOptions options;
    options.file = file;
    options.layer = "points";
    options.project = "TEST";
    const std::string line = test::error_line<lode::InputError>([&] { lode::import_features(*store, options); });
    INFO(line);
    CHECK(test::contains(line, "the field name 'na\\xe7\\xe7me' is not valid UTF-8 text (save the file as UTF-8)"));
    CHECK(store->imports().empty());
    CHECK_FALSE(store->find_feature("points", "A"));
}
