// The wrong-CRS guard of lode import, the area of use and CRS-by-name look-ups it rests on, the
// country basemap, and the geometry options (skip_empty, explode, coordinates a rounding error
// past ±180). Expected values come from projinfo, cs2cs and SpatiaLite on the same basemap
// (tests/data/crs_guard/README.md), not from lode.
#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/countries.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/reprojection.hpp"
#include "lode/import/importer.hpp"

#include <doctest/doctest.h>

namespace {

const std::string basemap = std::string(LODE_SOURCE_DIR) + "/geodata/basemap/countries_50m.gpkg";

lode::ImportOptions options(const std::string& file, const std::string& crs, bool with_basemap = true)
{
    lode::ImportOptions o;
    o.file = test::data(file);
    o.layer = "points";
    o.project = "TEST";   // host country UZ (support.hpp)
    o.source_crs = crs;
    if (with_basemap)
        o.basemap = basemap;
    return o;
}

// The error line the CLI would print for an import, empty when it succeeds.
std::string refusal(lode::Store& store, const lode::ImportOptions& o)
{
    return test::error_line<lode::InputError>([&] { lode::import_features(store, o); });
}

} // namespace

TEST_CASE("area of use and CRS names as projinfo gives them")
{
    // projinfo EPSG:28412: BBOX[36.67,66,77.07,72] (south, west, north, east)
    const auto gk12 = lode::parse_crs("EPSG:28412", "test");
    const auto area = lode::area_of_use(*gk12);
    REQUIRE(area);
    CHECK(area->box.west == doctest::Approx(66));
    CHECK(area->box.south == doctest::Approx(36.67));
    CHECK(area->box.east == doctest::Approx(72));
    CHECK(area->box.north == doctest::Approx(77.07));
    CHECK(test::contains(area->name, "Uzbekistan - 66°E to 72°E"));
    // projinfo EPSG:2502 prints PROJCRS["Pulkovo 1942 / Gauss-Kruger CM 69E"; EPSG:28472 (the old
    // "Gauss-Kruger 12N") is deprecated and must not be the answer.
    CHECK(lode::projected_crs_by_name("Pulkovo 1942 / Gauss-Kruger CM 69E") == std::optional<std::string>("EPSG:2502"));
    CHECK(lode::projected_crs_by_name("WGS 84 / UTM zone 42N") == std::optional<std::string>("EPSG:32642"));
    CHECK(lode::projected_crs_by_name("WGS 84 / UTM zone 99N") == std::nullopt);
    CHECK(lode::in_area(area->box, 64.5, 41, 3));
    CHECK_FALSE(lode::in_area(area->box, 62.5, 41, 3));
}

TEST_CASE("the basemap's countries by ISO code and by point")
{
    // /usr/share/iso-codes/json/iso_3166-1.json: UZ 860, KG 417, TF 260; Natural Earth iso_n3 the same.
    CHECK(lode::iso_numeric("UZ") == "860");
    CHECK(lode::iso_numeric("kg") == "417");
    CHECK(lode::iso_numeric("XX").empty());
    const lode::Countries countries(basemap);
    CHECK(countries.name_at(69.279722, 41.311111) == "Uzbekistan");   // Tashkent (FACTS-geodata D)
    CHECK(countries.name_at(65.0, 30.0) == "Afghanistan");
    CHECK(countries.name_at(67.2, -48.9).empty());                     // the Southern Ocean
    const auto uz = countries.area({"UZ"}, 50);
    CHECK(uz.names == "Uzbekistan");
    // SpatiaLite st_distance(..., 1) to Uzbekistan: UZ24-R-0013 under EPSG:32643 lands 14.8 km away,
    // UZ24-R-0001 under EPSG:32643 (75.680, 40.919) 216 km away.
    CHECK(countries.contains(uz, 69.279722, 41.311111));
    CHECK_FALSE(countries.contains(uz, 75.679753, 40.919273));
    const auto no_margin = countries.area({"UZ"}, 0);
    CHECK_FALSE(countries.contains(no_margin, 75.679753, 40.919273));
}

TEST_CASE("wrong UTM zone (43N for 42N): 15 of 20 Uzbek samples land in Kyrgyzstan, store unchanged")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string line = refusal(*store, options("crs_guard/uz_samples_utm42n.csv", "EPSG:32643"));
    INFO(line);
    // cs2cs + SpatiaLite: 18 in Kyrgyzstan, 2 in Uzbekistan; 15 of them 191-222 km from Uzbekistan.
    CHECK(test::contains(line, "uz_samples_utm42n.csv: 15 of 20 features land in Kyrgyzstan around 41."));
    CHECK(test::contains(line, "east of Uzbekistan, TEST's host country, with EPSG:32643 (WGS 84 / UTM zone 43N)"));
    // cs2cs EPSG:32642 puts all 20 in Uzbekistan (the data's own CRS)
    CHECK(test::contains(line, "; EPSG:32642"));
    CHECK(test::contains(line, "in Uzbekistan (check --s-srs; --allow-outside imports them anyway)"));
    CHECK(store->summarise("points").count == 0);
}

TEST_CASE("wrong hemisphere (42S for 42N): the samples land at sea and on Kerguelen")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string line = refusal(*store, options("crs_guard/uz_samples_utm42n.csv", "EPSG:32742"));
    INFO(line);
    // cs2cs + SpatiaLite: 11 at sea, 9 in Fr. S. Antarctic Lands, mean 48.9-49.4°S
    CHECK(test::contains(line, "20 of 20 features land at sea (11), in Fr. S. Antarctic Lands (9) around 49."));
    CHECK(test::contains(line, "°S"));
    CHECK(test::contains(line, "south of Uzbekistan"));
    CHECK(test::contains(line, "EPSG:32642"));
    CHECK(store->summarise("points").count == 0);
}

TEST_CASE("Gauss-Krüger zone 12 without its prefix lands in Mali; EPSG:2502 is named")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string line = refusal(*store, options("crs_guard/uz_samples_gk12_noprefix.csv", "EPSG:28412"));
    INFO(line);
    // cs2cs EPSG:28412 -> EPSG:4326 + SpatiaLite: 15 in Mali, 5 in Guinea
    CHECK(test::contains(line, "20 of 20 features land in Mali (15), in Guinea (5)"));
    CHECK(test::contains(line, "64° west and 26° south of Uzbekistan"));   // mean 11.0°N 7.7°W; Uzbekistan from 56.0°E, 37.2°N
    CHECK(test::contains(line, "EPSG:2502"));
    // Without a basemap: the area of use (66-72°E) alone refuses them, and EPSG:2502 puts them inside its own.
    const std::string area_line =
        refusal(*store, options("crs_guard/uz_samples_gk12_noprefix.csv", "EPSG:28412", false));
    INFO(area_line);
    CHECK(test::contains(area_line, "20 of 20 features land around"));
    CHECK(test::contains(area_line, "74° west and 26° south of EPSG:28412's area of use"));
    CHECK(test::contains(area_line, "EPSG:2502"));
    CHECK(store->summarise("points").count == 0);
}

TEST_CASE("the right CRS passes the guard, and allow_outside lets a wrong one through")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    CHECK(lode::import_features(*store, options("crs_guard/uz_samples_utm42n.csv", "EPSG:32642")).written == 20);
    auto wrong = options("crs_guard/uz_samples_utm42n.csv", "EPSG:32643");
    wrong.allow_outside = true;
    wrong.on_duplicate = lode::OnDuplicate::update;
    wrong.again = true;   // the same file, read with another CRS
    CHECK(lode::import_features(*store, wrong).updated == 20);
    // Without a basemap, zone 43N puts the points inside its own area of use (72-78°E): accepted.
    auto no_basemap = options("crs_guard/uz_samples_utm42n.csv", "EPSG:32643", false);
    no_basemap.on_duplicate = lode::OnDuplicate::update;
    no_basemap.again = true;
    CHECK(lode::import_features(*store, no_basemap).updated == 20);
}

TEST_CASE("a source with no CRS and projected coordinates gets the host country's candidate CRSs")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string line = refusal(*store, options("crs_guard/uz_samples_utm42n.csv", ""));
    INFO(line);
    CHECK(test::contains(line, "has no CRS, and its coordinates are projected (e.g. x 557238, y 4530018)"));
    CHECK(test::contains(line, "EPSG:32642"));
    CHECK(test::contains(line, "in Uzbekistan, TEST's host country; give the CRS with --s-srs"));
    CHECK_FALSE(test::contains(line, "EPSG:4326"));
    // GDAL's "Undefined Cartesian SRS" (GeoPackage srs_id -1) is said as such, not as PROJ's error.
    const std::string cartesian = refusal(*store, options("crs_guard/undefined_cartesian.gpkg", ""));
    CHECK(cartesian == test::data("crs_guard/undefined_cartesian.gpkg") +
                           ": has an undefined Cartesian CRS; give the CRS with --s-srs");
}

TEST_CASE("a vertex a rounding error past 180 is put on 180; a real overflow shows its digits")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    auto o = options("geometry/vertex_past_180.geojson", "", false);
    o.layer = "areas";
    CHECK(lode::import_features(*store, o).written == 1);
    auto feature = store->find_feature("areas", "CHUKOTKA");
    REQUIRE(feature);
    OGREnvelope e;
    lode::geometry_from_wkb(feature->wkb)->getEnvelope(&e);
    CHECK(e.MaxX == 180.0);   // exactly: 180.00000000000006 - 180 = 5.7e-14 (python3)
    CHECK(e.MinX == 179.5);
    o.file = test::data("geometry/vertex_overflow.geojson");
    CHECK(test::contains(refusal(*store, o), "longitude 180.0000001 is outside ±180"));
}

TEST_CASE("features without geometry: refused with their count, or skipped and counted")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    auto o = options("geometry/points_without_geometry.geojson", "", false);
    // P2 and P5 null, P4 an empty MultiPoint: 3 of 5 (counted by hand)
    CHECK(test::contains(refusal(*store, o), "feature 1 (id 'P2'): has no geometry; 3 of 5 features have none (skip them with --skip-empty)"));
    CHECK(store->summarise("points").count == 0);
    o.skip_empty = true;
    const auto report = lode::import_features(*store, o);
    CHECK(report.written == 2);
    CHECK(report.no_geometry == 3);
    CHECK(store->find_feature("points", "P3"));
}

TEST_CASE("a MultiPoint into a point layer: refused naming explode, or one feature per part")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    auto o = options("geometry/multipoints.geojson", "", false);
    CHECK(test::contains(refusal(*store, o), "feature 0 (id 'M1'): geometry is a MultiPoint of 3 points; layer takes points "
                                             "(make each part a feature with --explode)"));
    o.explode = true;
    const auto report = lode::import_features(*store, o);
    // M1: 3 points, M4: 2 points, M2 a MultiPoint of one and M3 a Point as they are: 7 features.
    CHECK(report.written == 7);
    CHECK(report.exploded == 2);
    CHECK(report.parts == 5);
    auto m13 = store->find_feature("points", "M1-3");
    REQUIRE(m13);
    auto point = lode::geometry_from_wkb(m13->wkb);
    CHECK(point->toPoint()->getX() == 69.8);
    CHECK(point->toPoint()->getY() == 40.95);
    CHECK(store->find_feature("points", "M2"));
    CHECK_FALSE(store->find_feature("points", "M1"));
}

TEST_CASE("every vertex is checked: a polygon with its first corner inside and the rest outside is refused")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    auto o = options("crs_guard/polygon_first_vertex_inside.geojson", "");
    o.layer = "areas";
    const std::string line = refusal(*store, o);
    INFO(line);
    // ogrinfo -dialect SQLite on the basemap: (69.28, 41.31), STRAY's first corner, lies in Uzbekistan;
    // (85, 40), its second, in China. INSIDE lies wholly in Uzbekistan.
    CHECK(test::contains(line, "1 of 2 features land in China around 40."));
    CHECK(test::contains(line, "Uzbekistan, TEST's host country"));
    CHECK(store->summarise("areas").count == 0);
    o.allow_outside = true;
    CHECK(lode::import_features(*store, o).written == 2);
}
