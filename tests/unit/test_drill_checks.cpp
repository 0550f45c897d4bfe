// Checks of drillhole tables (src/lode/drill/checks.*): each finding names hole, table and depth.
#include "lode/drill/checks.hpp"

#include <doctest/doctest.h>

using lode::drill::Finding;

TEST_CASE("drill checks name the hole and depth of each problem, gaps listed but allowed")
{
    lode::drill::HoleTables t;
    t.hole = "DH001";
    t.depth = 100;
    t.surveys = {{0, 45, -60}, {50, 400, -60}, {80, 45, -95}, {120, 45, -60}};
    t.intervals = {{0, 10}, {8, 20}, {30, 30}, {40, 110}};
    const auto f = lode::drill::check_hole(t);
    int errors = 0, gaps = 0;
    for (const auto& x : f) {
        CHECK(x.hole == "DH001");
        errors += x.kind == Finding::Kind::error;
        gaps += x.kind == Finding::Kind::gap;
    }
    // azimuth 400 at 50; dip -95 at 80; survey at 120 beyond 100; overlap at 8; 30-30 from>=to;
    // 40-110 beyond the depth.
    CHECK(errors == 6);
    // gaps 20-30 and 30-40
    CHECK(gaps == 2);
    CHECK(f.front().kind == Finding::Kind::error);
    bool overlap_at_8 = false;
    for (const auto& x : f)
        overlap_at_8 |= x.depth == 8 && x.reason.find("overlaps") != std::string::npos;
    CHECK(overlap_at_8);
    const auto e = lode::drill::to_error(f.front(), "surveys.csv");
    CHECK(e.where().feature_id == "DH001");
    CHECK(e.where().file == "surveys.csv");
    CHECK(std::string(e.reason()).find("DH001") != std::string::npos);
}

TEST_CASE("a dog-leg above the stated limit is a warning at the station's depth")
{
    lode::drill::HoleTables t;
    t.hole = "DH002";
    t.depth = 200;
    // 12.95 degrees over 100 m (the worked example of test_desurvey) is 3.885 degrees per 30 m.
    t.surveys = {{100, 20, -75}, {200, 45, -65}};
    CHECK(lode::drill::check_hole(t, 4.0).empty());
    const auto f = lode::drill::check_hole(t, 3.8);
    REQUIRE(f.size() == 1);
    CHECK(f[0].kind == Finding::Kind::warning);
    CHECK(f[0].depth == 200);
}

TEST_CASE("two survey stations at one depth are an error at that depth, with no dog-leg computed through them")
{
    lode::drill::HoleTables t;
    t.hole = "DH9";
    t.depth = 100;
    t.surveys = {{0, 90, -60}, {50, 90, -60}, {50, 120, -40}};
    const auto findings = lode::drill::check_hole(t, 1.0);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == lode::drill::Finding::Kind::error);
    CHECK(findings[0].depth == 50);
    CHECK(findings[0].reason == "a second survey station at 50 m");
}
