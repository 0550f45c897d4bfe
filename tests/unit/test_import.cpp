#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/geodesy.hpp"
#include "lode/import/importer.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"

#include <spatialite.h>

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace {

lode::ImportReport import(lode::Store& store, const std::string& file, const std::string& layer = "points",
                          const std::string& crs = "")
{
    lode::ImportOptions options;
    options.file = file;
    options.layer = layer;
    options.project = "TEST";
    options.source_crs = crs;
    return lode::import_features(store, options);
}

std::pair<double, double> lonlat(lode::Store& store, const std::string& id)
{
    auto feature = store.find_feature("points", id);
    REQUIRE_MESSAGE(feature, "feature " << id << " not imported");
    auto geometry = lode::geometry_from_wkb(feature->wkb);
    return {geometry->toPoint()->getX(), geometry->toPoint()->getY()};
}

} // namespace

TEST_CASE("reprojected coordinates land within 1 cm of cs2cs (Minna, Arc 1960, Pulkovo 1942, GDA2020)")
{
    // tests/data/crs/cs2cs_reference.csv: file,id,src_crs,x,y,ref_lon,ref_lat from `cs2cs -d 10` (see its README).
    const auto references = test::read_csv(test::data("crs/cs2cs_reference.csv"));
    REQUIRE(references.size() >= 12);
    test::TempDir dir;
    auto store = test::test_store(dir);
    std::set<std::string> imported;
    std::set<std::string> crss;
    for (const auto& ref : references) {
        const std::string& file = ref[0];
        if (imported.insert(file).second)
            import(*store, test::data("crs/" + file), "points", ref[2]);
        crss.insert(ref[2]);
        const auto position = lonlat(*store, ref[1]);
        const double lon = position.first, lat = position.second;   // not a structured binding: INFO captures them (clang 14)
        const double off = lode::geodesic_distance_m(lon, lat, std::stod(ref[5]), std::stod(ref[6]));
        INFO(file << " " << ref[1] << ": lode " << lon << "," << lat << " is " << off << " m from cs2cs");
        CHECK(off <= 0.01);
    }
    CHECK(crss.size() >= 4);
}

TEST_CASE("every import format gives the same features: GeoJSON, GeoPackage, Shapefile, FlatGeobuf, KML, GPX, CSV (x/y and WKT)")
{
    struct Case {
        const char* file;
        std::vector<std::pair<std::string, std::string>> fields;
        std::string id_field;
    };
    const std::vector<Case> cases = {
        {"points.geojson", {}, ""},
        {"points.gpkg", {}, ""},
        {"points.shp", {}, ""},
        {"points.fgb", {}, ""},
        {"points.kml", {}, ""},   // LIBKML's "Name" matches "name" without regard to case
        {"points.gpx", {{"commodity", "ogr_commodity"}, {"grade", "ogr_grade"}, {"found", "ogr_found"}}, "ogr_id"},
        {"points_xy.csv", {}, ""},
        {"points_wkt.csv", {}, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        test::TempDir dir;
        auto store = test::test_store(dir);
        lode::ImportOptions options;
        options.file = test::data(std::string("formats/") + c.file);
        options.layer = "points";
        options.project = "TEST";
        options.field_map = c.fields;
        options.id_field = c.id_field;
        if (std::string(c.file).ends_with(".csv"))
            options.source_crs = "EPSG:4326";
        const auto report = lode::import_features(*store, options);
        CHECK(report.read == 3);
        CHECK(report.written == 3);
        const auto [lon, lat] = lonlat(*store, "F-2");
        CHECK(lon == doctest::Approx(9.0833).epsilon(1e-12));
        CHECK(lat == doctest::Approx(9.5667).epsilon(1e-12));
        auto f1 = store->find_feature("points", "F-1");
        REQUIRE(f1);
        CHECK(std::get<std::string>(f1->attributes.at("name")) == "Олмалиқ / Olmaliq");
        CHECK(std::get<std::string>(f1->attributes.at("commodity")) == "Li");
        CHECK(std::get<double>(f1->attributes.at("grade")) == doctest::Approx(1.25));
        CHECK(std::get<std::string>(f1->attributes.at("found")) == "2024-05-14");
        auto f2 = store->find_feature("points", "F-2");
        CHECK(std::get<std::string>(f2->attributes.at("name")) == "한국지질자원연구원 시료");
        const auto log = store->imports();
        REQUIRE(log.size() == 1);
        CHECK(log[0].sha256.size() == 64);
    }
}

TEST_CASE("a legacy GeoJSON with a crs member (Minna / Nigeria Mid Belt) is reprojected like cs2cs")
{
    // Same point as KEFFI in tests/data/crs/cs2cs_reference.csv: cs2cs EPSG:26392 -> 7.8733000042, 8.8463999966
    test::TempDir dir;
    auto store = test::test_store(dir);
    const auto report = import(*store, test::data("formats/legacy_crs_minna.geojson"));
    CHECK(report.reprojected);
    CHECK(report.source_crs.find("26392") != std::string::npos);
    const auto [lon, lat] = lonlat(*store, "KEFFI");
    CHECK(lode::geodesic_distance_m(lon, lat, 7.8733000042, 8.8463999966) <= 0.01);
}

TEST_CASE("ids come from --id-field, else a field named id, else are generated from the FID")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    lode::ImportOptions options;
    options.file = test::data("formats/points.gpx");   // GPX has no 'id' field of its own
    options.layer = "points";
    options.project = "TEST";
    const auto report = lode::import_features(*store, options);
    CHECK(report.written == 3);
    // GDAL numbers GPX waypoints from 0
    auto generated = store->find_feature("points", "TEST-points-0");
    REQUIRE(generated);
    // fields the layer does not define are kept, not lost
    CHECK(generated->extra.at("ogr_id") == "F-1");
}

TEST_CASE("a source with no CRS and no --s-srs is refused, never guessed")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    CHECK(test::contains(test::error_line<lode::InputError>([&] { import(*store, test::data("formats/points_xy.csv")); }),
                         "has no CRS; say which with --s-srs"));
    CHECK(store->summarise("points").count == 0);
}

TEST_CASE("features are found by bounding box through the R*Tree")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    import(*store, test::data("formats/points.geojson"));
    std::vector<std::string> ids;
    store->scan("points", lode::Selection{lode::BBox{60, 35, 75, 45}, {}, {}}, lode::Reading::features(), [&](lode::ScanRow& scanned) {
        const lode::Feature& f = scanned.feature;
        ids.push_back(f.id);
        return true;
    });
    CHECK(ids == std::vector<std::string>{"F-1"});
    ids.clear();
    store->scan("points", lode::Selection{}, lode::Reading::features(), [&](lode::ScanRow& scanned) {
        const lode::Feature& f = scanned.feature;
        ids.push_back(f.id);
        return true;
    });
    CHECK(ids.size() == 3);
}

TEST_CASE("a bulk import keeps SpatiaLite's spatial index consistent and its triggers in place")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string csv = dir / "grid.csv";
    {
        std::ofstream out(csv);
        out << "id,longitude,latitude\n";
        for (int i = 0; i < 50; ++i)
            for (int j = 0; j < 50; ++j)
                out << "G" << i << "-" << j << "," << 36.0 + i * 0.01 << "," << -8.0 + j * 0.01 << "\n";
    }
    auto triggers = [&] {
        auto db = lode::sqlite::open(dir / "test.sqlite", false);
        lode::sqlite::Statement s(db.get(), "SELECT group_concat(name || sql, '|') FROM (SELECT name, sql FROM sqlite_master"
                                            " WHERE type = 'trigger' AND tbl_name = 'points' ORDER BY name)");
        s.step();
        return s.text(0);
    };
    const std::string before = triggers();
    CHECK(before.find("gii_points_geom") != std::string::npos);
    const auto report = import(*store, csv, "points", "EPSG:4326");
    CHECK(report.written == 2500);   // above the bulk threshold of 1000
    CHECK(triggers() == before);
    void* spatialite = spatialite_alloc_connection();
    {
        auto db = lode::sqlite::open(dir / "test.sqlite", false);
        spatialite_init_ex(db.get(), spatialite, 0);
        CHECK(lode::sqlite::query_integer(db.get(), "SELECT CheckSpatialIndex('points', 'geom')") == 1);
        CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM idx_points_geom") == 2500);
    }
    spatialite_cleanup_ex(spatialite);
    // 36.095..36.205 x -7.905..-7.795 holds columns 10..20 and rows 10..20: 11 x 11 points
    std::size_t found = 0;
    store->scan("points", lode::Selection{lode::BBox{36.095, -7.905, 36.205, -7.795}, {}, {}}, lode::Reading::features(), [&](lode::ScanRow&) {
        ++found;
        return true;
    });
    CHECK(found == 121);
}
