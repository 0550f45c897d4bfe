// The progress bar's line (tools/lode/progress.hpp): share, counts, rows a second and the time left,
// against values worked out by hand.
#include "progress.hpp"

#include <doctest/doctest.h>

using namespace lode::cli;

TEST_CASE("progress line: 300,000 of 1,000,000 rows in 12 s")
{
    // 30 %: 9 of 30 marks; 300000 / 12 = 25,000 rows a second; 700000 / 25000 = 28 s left.
    CHECK(progress_line("exporting out.gpkg", 300000, 1000000, 12.0) ==
          "exporting out.gpkg [#########                     ]  30% 300,000/1,000,000 25,000/s, about 28 s left");
}

TEST_CASE("progress line: minutes once the estimate passes 90 s")
{
    // 1,000 rows in 10 s: 100 a second; 9,000 left take 90 s, still seconds; 9,500 left 95 s = 1.58 min → 2 min.
    CHECK(progress_line("importing s.csv", 1000, 10000, 10.0) ==
          "importing s.csv [###                           ]  10% 1,000/10,000 100/s, about 90 s left");
    CHECK(progress_line("importing s.csv", 500, 10000, 5.0) ==
          "importing s.csv [#                             ]   5% 500/10,000 100/s, about 2 min left");
}

TEST_CASE("progress line: no rate before the first row")
{
    CHECK(progress_line("x", 0, 7, 3.0) == "x [                              ]   0% 0/7");
}
