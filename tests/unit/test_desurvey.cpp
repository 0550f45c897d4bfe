// Desurvey of drillholes (src/lode/drill) against answers worked out independently.
#include "lode/drill/desurvey.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

using lode::drill::Collar;
using lode::drill::Method;
using lode::drill::Station;
using lode::drill::Trace;

namespace {
// A collar on an abstract local grid (metres), not a real place: desurvey is independent of where
// the collar lies, and only offsets from it are checked.
const Collar collar{1000.0, 2000.0, 350.0};
constexpr double deg = 3.14159265358979323846 / 180.0;
} // namespace

TEST_CASE("a vertical hole goes straight down by its depth, whatever the method")
{
    for (Method m : {Method::minimum_curvature, Method::tangent, Method::balanced_tangential}) {
        const Trace t(collar, {{0, 0, -90}, {100, 0, -90}}, m);
        const auto p = t.at(100);
        CHECK(p.x == doctest::Approx(1000.0));
        CHECK(p.y == doctest::Approx(2000.0));
        CHECK(p.z == doctest::Approx(250.0));
        CHECK(t.at(37.5).z == doctest::Approx(312.5));
    }
}

TEST_CASE("a straight inclined hole: all three methods agree with trigonometry")
{
    // Azimuth 060, dip -60, 200 m: horizontal 200 cos 60 = 100 m, of which east 100 sin 60, north
    // 100 cos 60; down 200 sin 60.
    for (Method m : {Method::minimum_curvature, Method::tangent, Method::balanced_tangential}) {
        const Trace t(collar, {{0, 60, -60}, {120, 60, -60}, {200, 60, -60}}, m);
        const auto p = t.at(200);
        CHECK(p.x - collar.x == doctest::Approx(100 * std::sin(60 * deg)));
        CHECK(p.y - collar.y == doctest::Approx(100 * std::cos(60 * deg)));
        CHECK(collar.z - p.z == doctest::Approx(200 * std::sin(60 * deg)));
        CHECK(t.points().back().dogleg_deg == doctest::Approx(0).epsilon(1e-9));
    }
}

TEST_CASE("a curving hole matches the published minimum-curvature worked example")
{
    // drillingformulas.com, "Minimum Curvature Method" (https://www.drillingformulas.com/minimum-curvature-method/):
    // survey 1 at 3500 (inclination 15, azimuth 20), survey 2 at 3600 (inclination 25, azimuth 45):
    // dog-leg 12.95 degrees, North 27.22, East 19.45, TVD 94.01 (units of depth; the method is
    // unit-free). Inclination from vertical I is dip I - 90 here. Worked again by hand:
    // β = arccos(cos10 − sin15 sin25 (1 − cos25)) = 12.95165°, RF = 2/β tan(β/2) = 1.0042800.
    const Trace t(Collar{0, 0, 0}, {{3500, 20, -75}, {3600, 45, -65}});
    const auto& a = t.points()[t.points().size() - 2].at;
    const auto& b = t.points().back();
    CHECK(b.at.y - a.y == doctest::Approx(27.22).epsilon(0.0005));
    CHECK(b.at.x - a.x == doctest::Approx(19.45).epsilon(0.0005));
    CHECK(a.z - b.at.z == doctest::Approx(94.01).epsilon(0.0005));
    CHECK(b.dogleg_deg == doctest::Approx(12.95).epsilon(0.001));
    CHECK(b.dogleg_severity == doctest::Approx(12.95 * 30 / 100).epsilon(0.001));
    // Balanced tangential is the same without the ratio factor:
    // ΔN = 50 (sin15 cos20 + sin25 cos45) = 27.10233 (= 27.21833 / 1.0042800).
    const Trace bt(Collar{0, 0, 0}, {{3500, 20, -75}, {3600, 45, -65}}, Method::balanced_tangential);
    const auto& c = bt.points().back().at;
    const auto& d = bt.points()[bt.points().size() - 2].at;
    CHECK(std::fabs(c.y - d.y - 27.10233) < 1e-5);
    CHECK(std::fabs((b.at.y - a.y) / (c.y - d.y) - 1.0042800) < 1e-7);
}

TEST_CASE("minimum curvature: positions lie on the arc, whose length is the measured depth")
{
    const Trace t(collar, {{0, 10, -80}, {150, 70, -45}});
    // Sum of small chords along the interpolated path approaches the measured length (150 m);
    // a straight chord between the ends is shorter.
    double length = 0;
    auto prev = t.at(0);
    for (int i = 1; i <= 3000; ++i) {
        const auto p = t.at(150.0 * i / 3000);
        length += std::sqrt((p.x - prev.x) * (p.x - prev.x) + (p.y - prev.y) * (p.y - prev.y) + (p.z - prev.z) * (p.z - prev.z));
        prev = p;
    }
    CHECK(length == doctest::Approx(150.0).epsilon(1e-6));
    const auto e = t.at(150), s = t.at(0);
    const double chord = std::sqrt((e.x - s.x) * (e.x - s.x) + (e.y - s.y) * (e.y - s.y) + (e.z - s.z) * (e.z - s.z));
    CHECK(chord < 150.0 - 1.0);
    // Interpolated end equals the station's position.
    CHECK(t.at(150).x == doctest::Approx(t.points().back().at.x));
}

TEST_CASE("a two-station hole, hand-computed for each method")
{
    // Station 1 at 0 m: inclination I1 = 30° from vertical (dip -60), azimuth A1 = 0°; station 2 at
    // 100 m: I2 = 40° (dip -50), A2 = 90°. The textbook formulas (Sawaryn & Thorogood, SPE 84246,
    // 2005; Bourgoyne et al., Applied Drilling Engineering, ch. 8), worked by hand:
    //   tangent:   ΔN = 100 sin40 cos90 = 0, ΔE = 100 sin40 = 64.27876, ΔTVD = 100 cos40 = 76.60444;
    //   balanced:  ΔN = 50 (sin30 cos0 + sin40 cos90) = 25, ΔE = 50 (0 + sin40) = 32.13938,
    //              ΔTVD = 50 (cos30 + cos40) = 81.60349;
    //   minimum curvature: β = arccos(cos10 − sin30 sin40 (1 − cos90)) = arccos(0.66341) = 48.43924°,
    //              RF = 2/β tan(β/2) = 1.0641509, so ΔN = 26.60377, ΔE = 34.20115, ΔTVD = 86.83843.
    struct Case {
        Method method;
        double north, east, tvd;
    };
    for (const Case& c : {Case{Method::tangent, 0.0, 64.27876, 76.60444}, Case{Method::balanced_tangential, 25.0, 32.13938, 81.60349},
                          Case{Method::minimum_curvature, 26.60377, 34.20115, 86.83843}}) {
        CAPTURE(lode::drill::method_name(c.method));
        const Trace t(collar, {{0, 0, -60}, {100, 90, -50}}, c.method);
        const auto p = t.at(100);
        CHECK(std::fabs(p.y - collar.y - c.north) < 1e-5);
        CHECK(std::fabs(p.x - collar.x - c.east) < 1e-5);
        CHECK(std::fabs(collar.z - p.z - c.tvd) < 1e-5);
        CHECK(t.points().back().dogleg_deg == doctest::Approx(48.43924).epsilon(1e-6));
    }
}

TEST_CASE("desurvey methods by their command-line names")
{
    CHECK(lode::drill::method_named("minimum-curvature") == Method::minimum_curvature);
    CHECK(lode::drill::method_named("tangent") == Method::tangent);
    CHECK(lode::drill::method_named("balanced") == Method::balanced_tangential);
    CHECK_FALSE(lode::drill::method_named("radius-of-curvature").has_value());
    CHECK(lode::drill::method_name(Method::balanced_tangential) == "balanced tangential");
    // One spelling each, read back (the map definitions and the command options use these).
    CHECK(lode::drill::method_options() == std::vector<std::string>{"minimum-curvature", "tangent", "balanced"});
    for (const auto m : {Method::minimum_curvature, Method::tangent, Method::balanced_tangential})
        CHECK(lode::drill::method_named(lode::drill::method_option(m)) == m);
    using lode::drill::AzimuthReference;
    CHECK(lode::drill::azimuth_reference_options() == std::vector<std::string>{"true", "magnetic", "grid"});
    for (const auto r : {AzimuthReference::true_north, AzimuthReference::magnetic, AzimuthReference::grid})
        CHECK(lode::drill::azimuth_reference_named(lode::drill::azimuth_reference_option(r)) == r);
    CHECK_FALSE(lode::drill::azimuth_reference_named("north").has_value());
}
