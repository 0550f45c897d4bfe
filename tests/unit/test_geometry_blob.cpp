// The store's geometry written and read without being parsed again: SpatiaLite's BLOB framed from
// WKB (checked against SpatiaLite's own GeomFromWKB) and a WKB's envelope read without an object.
#include "support.hpp"

#include "lode/geo/gdal.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/spatialite/detail/store.hpp"

#include <doctest/doctest.h>

namespace {

lode::Wkb wkb_of(const std::string& wkt, OGRwkbByteOrder order = wkbNDR)
{
    lode::register_gdal();
    OGRGeometry* g = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) == OGRERR_NONE);
    lode::GeometryPtr owned(g);
    lode::Wkb out(owned->WkbSize());
    owned->exportToWkb(order, out.data(), wkbVariantIso);
    return out;
}

} // namespace

TEST_CASE("the BLOB framed from WKB is byte for byte what SpatiaLite's GeomFromWKB writes, with SpatiaLite's MBR")
{
    test::TempDir dir;
    auto store = test::test_store(dir);   // a SpatiaLite connection; the statements below only evaluate functions
    sqlite3* db = dynamic_cast<lode::SpatialiteStore&>(*store).db();
    const std::vector<lode::Wkb> inputs = {
        wkb_of("POINT (64.5 41.25)"),
        wkb_of("POINT (-180 -90)"),
        wkb_of("MULTIPOINT ((1 2), (3 -4))"),
        wkb_of("LINESTRING (0 0, 1 1)"),
        wkb_of("MULTILINESTRING ((0 0, 1 1, 2 0.5), (10 -3, 11 -4))"),
        wkb_of("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2)), ((20 20, 21 20, 21 22, 20 20)))"),
        // A hole reaching outside its shell: SpatiaLite's MBR is of the exterior ring only.
        wkb_of("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0), (5 5, 6 5, 6 6, 5 5)))"),
    };
    for (const auto& wkb : inputs) {
        CAPTURE(wkb.size());
        lode::Wkb blob;
        lode::BBox box;
        REQUIRE(lode::spatialite_blob_from_wkb(wkb, blob, box));
        lode::sqlite::Statement s(db, "SELECT GeomFromWKB(?1, 4326), MbrMinX(GeomFromWKB(?1, 4326)), MbrMinY(GeomFromWKB(?1, 4326)),"
                                      " MbrMaxX(GeomFromWKB(?1, 4326)), MbrMaxY(GeomFromWKB(?1, 4326))");
        s.bind_blob(1, wkb);
        REQUIRE(s.step());
        CHECK(blob == s.blob(0));
        CHECK(box.west == s.real(1));
        CHECK(box.south == s.real(2));
        CHECK(box.east == s.real(3));
        CHECK(box.north == s.real(4));
        // And back: the reader of the store's BLOBs gives the WKB again.
        lode::sqlite::Statement back(db, "SELECT ?");
        back.bind_blob(1, blob);
        REQUIRE(back.step());
        lode::Wkb read;
        lode::spatialite_blob_to_wkb(back, 0, read);
        CHECK(read == wkb);
    }
    // Anything else is left to GeomFromWKB: 3D, collections, big-endian, truncated, not WKB.
    lode::Wkb cut = wkb_of("MULTILINESTRING ((0 0, 1 1))");
    cut.pop_back();
    for (const auto& wkb : {wkb_of("POINT Z (1 2 3)"), wkb_of("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 3 4))"),
                            wkb_of("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))", wkbXDR), cut, lode::Wkb{1, 2, 3}, lode::Wkb{}}) {
        lode::Wkb blob;
        lode::BBox box;
        CHECK_FALSE(lode::spatialite_blob_from_wkb(wkb, blob, box));
    }
}

TEST_CASE("a WKB's envelope is read from its vertices, holes and every part included")
{
    // Hand-computed: x from -3 (the second polygon) to 10, y from -1 (the hole) to 10.
    const auto box = lode::envelope_from_wkb(
        wkb_of("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 -1, 3 2, 3 3, 2 -1)), ((-3 1, -2 1, -2 2, -3 1)))"));
    CHECK(box.west == -3);
    CHECK(box.south == -1);
    CHECK(box.east == 10);
    CHECK(box.north == 10);
    const auto point = lode::envelope_from_wkb(wkb_of("POINT (64.5 41.25)", wkbXDR));
    CHECK(point.west == 64.5);
    CHECK(point.east == 64.5);
    CHECK(point.south == 41.25);
    CHECK(point.north == 41.25);
    CHECK_THROWS(lode::envelope_from_wkb(wkb_of("MULTIPOINT EMPTY")));
    CHECK_THROWS(lode::envelope_from_wkb(lode::Wkb{1, 1, 0}));
}
