#include "lode/geo/gdal.hpp"
#include "lode/geo/geodesy.hpp"
#include "lode/geo/geos.hpp"

#include <doctest/doctest.h>

namespace {
lode::Wkb wkb_of(const char* wkt)
{
    OGRGeometry* g = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) == OGRERR_NONE);
    lode::GeometryPtr owned(g);
    return lode::geometry_to_wkb(*g);
}
} // namespace

TEST_CASE("point distances match GeographicLib's GeodSolve")
{
    // echo "-33.865976 116.064756 -21.071944 118.901389" | GeodSolve -i -p 9  -> 1445003.911462026 m
    CHECK(lode::geodesic_distance_m(116.064756, -33.865976, 118.901389, -21.071944) == doctest::Approx(1445003.911462026).epsilon(1e-12));
    // echo "41.311111 69.279722 40.850 69.600" | GeodSolve -i -p 9  -> 57850.591029401 m
    CHECK(lode::geodesic_distance_m(69.279722, 41.311111, 69.600, 40.850) == doctest::Approx(57850.591029401).epsilon(1e-12));
}

TEST_CASE("GEOS reports why a polygon is invalid, and MakeValid splits a bow-tie into two polygons")
{
    lode::Geos geos;
    const auto bowtie = wkb_of("POLYGON ((0 0,1 1,1 0,0 1,0 0))");
    const auto reason = geos.invalid_reason(bowtie);
    REQUIRE(reason);
    CHECK(reason->find("Self-intersection") != std::string::npos);
    const auto repaired = geos.make_valid(bowtie, lode::GeometryType::multipolygon);
    CHECK_FALSE(geos.invalid_reason(repaired));
    auto g = lode::geometry_from_wkb(repaired);
    CHECK(wkbFlatten(g->getGeometryType()) == wkbMultiPolygon);
    CHECK(g->toMultiPolygon()->getNumGeometries() == 2);
    CHECK_FALSE(geos.invalid_reason(wkb_of("POLYGON ((0 0,1 0,1 1,0 1,0 0))")));
}
