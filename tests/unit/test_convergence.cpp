// Grid convergence (geo/convergence.hpp, PROJ's proj_factors) against answers computed apart from
// PROJ: GeographicLib's transverse Mercator (Karney's series, its gamma), the textbook series for
// the transverse Mercator and the closed form for the Lambert conformal conic.
#include "lode/base/error.hpp"
#include "lode/geo/convergence.hpp"

#include <GeographicLib/TransverseMercator.hpp>

#include <cmath>

#include <doctest/doctest.h>

namespace {
constexpr double pi = 3.14159265358979323846;
double rad(double d) { return d * pi / 180; }

// The transverse Mercator series for the convergence (Redfearn; DMA TM 8358.2, The Universal Grids:
// UTM and UPS, 1989): gamma = w sin(phi) [1 + w² cos²(phi)/3 (1 + 3η² + 2η⁴) + w⁴ cos⁴(phi)/15 (2 − tan²(phi))],
// w the longitude from the central meridian, η² = e'² cos²(phi). Terms of w⁷ are below 1e-9 degrees
// within 3 degrees of the meridian.
double series_gamma(double lon, double lat, double lon0, double f)
{
    const double e2 = f * (2 - f), ep2 = e2 / (1 - e2);
    const double phi = rad(lat), w = rad(lon - lon0);
    const double c = std::cos(phi), s = std::sin(phi), t = std::tan(phi), eta2 = ep2 * c * c;
    return (w * s * (1 + w * w * c * c / 3 * (1 + 3 * eta2 + 2 * eta2 * eta2) + std::pow(w, 4) * std::pow(c, 4) / 15 * (2 - t * t))) *
           180 / pi;
}
} // namespace

TEST_CASE("UTM convergence from PROJ matches the textbook series and GeographicLib to 1e-6 degrees")
{
    struct Case {
        const char* crs;
        double lon, lat, lon0;
    };
    // A Pilbara collar (zone 50S), a Tashkent-region point (42N) and one far north, near a zone's edge (32N).
    for (const Case& c : {Case{"EPSG:32750", 118.891673, -21.06483, 117}, Case{"EPSG:32642", 70.5, 41.3, 69},
                          Case{"EPSG:32632", 11.9, 60.0, 9}}) {
        CAPTURE(c.crs);
        const double proj = lode::meridian_convergence_deg(c.crs, c.lon, c.lat, "test");
        const double series = series_gamma(c.lon, c.lat, c.lon0, 1 / 298.257223563);
        double x = 0, y = 0, gamma = 0, k = 0;
        GeographicLib::TransverseMercator::UTM().Forward(c.lon0, c.lat, c.lon, x, y, gamma, k);
        CHECK(std::fabs(proj - series) < 1e-6);
        CHECK(std::fabs(proj - gamma) < 1e-6);
    }
    // East of the central meridian in the south, grid north lies west of true north.
    CHECK(lode::meridian_convergence_deg("EPSG:32750", 118.891673, -21.06483, "test") == doctest::Approx(-0.68013).epsilon(1e-4));
}

TEST_CASE("Lambert conformal conic convergence is n times the longitude from the central meridian")
{
    // EPSG:3112, GDA94 / Geoscience Australia Lambert: standard parallels -18 and -36, central
    // meridian 134, GRS 80. Snyder (Map Projections: A Working Manual, USGS PP 1395, eqs. 14-15, 15-9,
    // 15-8): m = cos(phi) / sqrt(1 - e² sin²(phi)), t = tan(pi/4 - phi/2) / ((1 - e sin phi)/(1 + e sin phi))^(e/2),
    // n = (ln m1 - ln m2) / (ln t1 - ln t2); the convergence is n (lon - lon0).
    const double f = 1 / 298.257222101, e = std::sqrt(f * (2 - f));
    auto m = [&](double phi) { return std::cos(phi) / std::sqrt(1 - e * e * std::sin(phi) * std::sin(phi)); };
    auto t = [&](double phi) {
        return std::tan(pi / 4 - phi / 2) / std::pow((1 - e * std::sin(phi)) / (1 + e * std::sin(phi)), e / 2);
    };
    const double p1 = rad(-18), p2 = rad(-36);
    const double n = (std::log(m(p1)) - std::log(m(p2))) / (std::log(t(p1)) - std::log(t(p2)));
    CHECK(n < 0);   // a southern cone
    for (double lon : {120.0, 134.0, 150.5})
        CHECK(std::fabs(lode::meridian_convergence_deg("EPSG:3112", lon, -25, "test") - n * (lon - 134)) < 1e-6);
}

TEST_CASE("a CRS without a grid north is refused, naming what it was for")
{
    CHECK_THROWS_WITH_AS(lode::meridian_convergence_deg("EPSG:4326", 10, 10, "the survey grid's CRS"),
                         doctest::Contains("the survey grid's CRS: 'EPSG:4326' is not a projected CRS"), lode::InputError);
    CHECK_THROWS_AS(lode::meridian_convergence_deg("EPSG:999999", 10, 10, "x"), lode::InputError);
    // The same refusal before any point is at hand; a projected CRS passes.
    CHECK_THROWS_WITH_AS(lode::require_grid_north("EPSG:4326", "the survey grid's CRS"),
                         doctest::Contains("'EPSG:4326' is not a projected CRS"), lode::InputError);
    CHECK_NOTHROW(lode::require_grid_north("EPSG:7850", "the survey grid's CRS"));
}
