// Significant intercepts (src/lode/drill/intercepts.*) against a table composited by hand, with
// the cut-off, the dilution and the minimum length met exactly at their edges.
#include "lode/drill/intercepts.hpp"

#include <doctest/doctest.h>

using lode::drill::Assayed;

namespace {

// Hole T1, cut-off 0.5:
//   0-2 0.2 | 2-4 1.0 | 4-6 0.5 (= cut-off: ore) | 6-8 0.3 (2 m dilution = the most) | 8-10 1.2 |
//   10-13 0.1 (3 m: too much) | 13-14 0.9 | 14-16 0.4 (2 m) | 16-17 0.7 | 17-20 0.1 | 20-22 2.0 |
//   22-23 not assayed | 23-24 0.6 | 24-26 0.0 | 26-27 0.6 | (27-28 missing) | 28-30 1.5
const std::vector<Assayed> t1{{0, 2, 0.2},   {2, 4, 1.0},   {4, 6, 0.5},   {6, 8, 0.3},    {8, 10, 1.2},  {10, 13, 0.1},
                              {13, 14, 0.9}, {14, 16, 0.4}, {16, 17, 0.7}, {17, 20, 0.1},  {20, 22, 2.0}, {22, 23, std::nullopt},
                              {23, 24, 0.6}, {24, 26, 0.0}, {26, 27, 0.6}, {28, 30, 1.5}};

std::vector<std::string> described(const std::vector<lode::drill::Intercept>& xs)
{
    std::vector<std::string> out;
    for (const auto& x : xs)
        out.push_back(describe(x));
    return out;
}

} // namespace

TEST_CASE("intercepts at cut-off 0.5 with 2 m of dilution and 2 m at least, composited by hand")
{
    const auto xs = lode::drill::intercepts("T1", t1, {0.5, 2, 2});
    // 2-10: (1.0*2 + 0.5*2 + 0.3*2 + 1.2*2) / 8 = 6 / 8 = 0.75; 10-13 is 3 m of dilution: the end.
    // 13-17: (0.9*1 + 0.4*2 + 0.7*1) / 4 = 2.4 / 4 = 0.60.
    // 20-22: 2.0 over 2 m (= the least length); 22-23 not assayed ends it (as 0 it would have taken 23-24).
    // 23-27: (0.6 + 0 + 0.6) / 4 = 0.30 < 0.5, so 23-24 and 26-27 stay apart, each 1 m: left out.
    // 28-30: after a missing metre, 1.5 over 2 m.
    CHECK(described(xs) == std::vector<std::string>{"T1: 8.0 m @ 0.75 from 2.0 m", "T1: 4.0 m @ 0.60 from 13.0 m",
                                                    "T1: 2.0 m @ 2.00 from 20.0 m", "T1: 2.0 m @ 1.50 from 28.0 m"});
    CHECK(xs[0].dilution == doctest::Approx(2));
    CHECK(xs[0].grade == doctest::Approx(0.75));
    CHECK(xs[1].grade == doctest::Approx(0.6));
}

TEST_CASE("without dilution every run at or above the cut-off is an intercept; a lower limit of 1.9 m dilution stops at 2 m")
{
    const auto none = lode::drill::intercepts("T1", t1, {0.5, 0, 0});
    // 2-6: (1.0*2 + 0.5*2) / 4 = 0.75; then 8-10, 13-14, 16-17, 20-22, 23-24, 26-27, 28-30 alone.
    CHECK(described(none) == std::vector<std::string>{"T1: 4.0 m @ 0.75 from 2.0 m", "T1: 2.0 m @ 1.20 from 8.0 m",
                                                      "T1: 1.0 m @ 0.90 from 13.0 m", "T1: 1.0 m @ 0.70 from 16.0 m",
                                                      "T1: 2.0 m @ 2.00 from 20.0 m", "T1: 1.0 m @ 0.60 from 23.0 m",
                                                      "T1: 1.0 m @ 0.60 from 26.0 m", "T1: 2.0 m @ 1.50 from 28.0 m"});
    const auto tight = lode::drill::intercepts("T1", t1, {0.5, 2, 1.9});
    CHECK(described(tight) == std::vector<std::string>{"T1: 4.0 m @ 0.75 from 2.0 m", "T1: 2.0 m @ 1.20 from 8.0 m",
                                                       "T1: 2.0 m @ 2.00 from 20.0 m", "T1: 2.0 m @ 1.50 from 28.0 m"});
    // A cut-off just above 0.5 leaves 4-6 out: 2-4 alone.
    CHECK(describe(lode::drill::intercepts("T1", t1, {0.5000001, 0, 0}).front()) == "T1: 2.0 m @ 1.00 from 2.0 m");
}

TEST_CASE("inclusions at a higher cut-off and the grade-length rule, at their edges")
{
    // At 0.5 (2 m dilution, 2 m at least): 2-10 @ 0.75 (6.0 grade·m), 13-17 @ 0.60 (2.4), 20-22 @ 2.00
    // (4.0), 28-30 @ 1.50 (3.0). A grade-length of at least 3.0 keeps 28-30 exactly at the edge.
    const auto kept = lode::drill::intercepts("T1", t1, {0.5, 2, 2, 3.0});
    CHECK(described(kept) == std::vector<std::string>{"T1: 8.0 m @ 0.75 from 2.0 m", "T1: 2.0 m @ 2.00 from 20.0 m",
                                                      "T1: 2.0 m @ 1.50 from 28.0 m"});
    // Inclusions at 1.0 inside 2-10: 2-4 (1.0, at the cut-off) and 8-10 (1.2), 4 m apart below 1.0
    // (more than 2 m of dilution); 20-22 and 28-30 are wholly above 1.0: not an inclusion.
    const auto xs = lode::drill::intercepts("T1", t1, {0.5, 2, 2}, 1.0);
    REQUIRE(xs.size() == 4);
    CHECK(describe(xs[0]) == "T1: 8.0 m @ 0.75 from 2.0 m, incl. 2.0 m @ 1.00 from 2.0 m, incl. 2.0 m @ 1.20 from 8.0 m");
    CHECK(xs[1].included.empty());
    CHECK(xs[2].included.empty());
}

TEST_CASE("the width note: vertical holes' widths are down-hole, inclined ones say so")
{
    CHECK(lode::drill::width_note(-90) == "down-hole width");
    CHECK(lode::drill::width_note(-60).rfind("down-hole width; hole dips -60°", 0) == 0);
}
