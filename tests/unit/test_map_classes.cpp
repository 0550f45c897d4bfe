// Graduated symbols' classes: quantile breaks against Python's statistics.quantiles(method='inclusive')
// worked by hand, Jenks' natural breaks on groups one can see, given breaks, and the ramp's colours
// against ColorBrewer's YlOrRd.
#include "lode/base/error.hpp"
#include "lode/map/classes.hpp"

#include <doctest/doctest.h>

using lode::ClassMethod;
using lode::MapClasses;

TEST_CASE("quantile breaks interpolate between the nearest ranks")
{
    // statistics.quantiles([1..10], n=4, method='inclusive'): positions 2.25, 4.5, 6.75 of 0..9.
    const auto b = lode::class_breaks({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, {ClassMethod::quantile, 4, {}});
    REQUIRE(b.size() == 3);
    CHECK(b[0] == doctest::Approx(3.25));
    CHECK(b[1] == doctest::Approx(5.5));
    CHECK(b[2] == doctest::Approx(7.75));
    // Equal values collapse: five classes of one value are one class.
    CHECK(lode::class_breaks({4, 4, 4, 4}, {ClassMethod::quantile, 5, {}}).size() == 1);
    CHECK(lode::class_breaks({}, {ClassMethod::quantile, 5, {}}).empty());
}

TEST_CASE("Jenks splits at the gaps between groups")
{
    const auto b = lode::class_breaks({20, 1, 2, 3, 10, 11, 12, 21, 22}, {ClassMethod::jenks, 3, {}});
    CHECK(b == std::vector<double>{3, 12});
    // More classes than values: one class per value.
    CHECK(lode::class_breaks({5, 1}, {ClassMethod::jenks, 4, {}}) == std::vector<double>{1});
}

TEST_CASE("a class holds its upper bound")
{
    const std::vector<double> b{100, 300, 1000};
    CHECK(lode::class_of(37, b) == 0);
    CHECK(lode::class_of(100, b) == 0);
    CHECK(lode::class_of(100.5, b) == 1);
    CHECK(lode::class_of(1000, b) == 2);
    CHECK(lode::class_of(1254.2, b) == 3);
}

TEST_CASE("classes are parsed and written back")
{
    const MapClasses c = lode::parse_classes("breaks:100,300,1000");
    CHECK(c.method == ClassMethod::breaks);
    CHECK(c.breaks == std::vector<double>{100, 300, 1000});
    CHECK(c.count == 4);
    CHECK(lode::to_string(c) == "breaks:100,300,1000");
    CHECK(lode::to_string(lode::parse_classes("Jenks:5")) == "jenks:5");
    CHECK(lode::parse_classes("quantile:7").count == 7);
    CHECK_THROWS_WITH_AS(lode::parse_classes("quantile:1"), doctest::Contains("count of classes from 2 to 9"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::parse_classes("breaks:300,100"), doctest::Contains("ascending"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::parse_classes("breaks:1,x"), doctest::Contains("'x', which is not a number"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::parse_classes("equal:5"), doctest::Contains("not quantile:N, jenks:N or breaks"), lode::InputError);
}

TEST_CASE("the ramp is ColorBrewer's YlOrRd")
{
    const char* five[] = {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};
    for (std::size_t i = 0; i < 5; ++i)
        CHECK(lode::ramp_colour(i, 5) == five[i]);
    CHECK(lode::ramp_colour(0, 3) == "#ffffb2");
    CHECK(lode::ramp_colour(1, 3) == "#fd8d3c");
    CHECK(lode::ramp_colour(2, 3) == "#bd0026");
}
