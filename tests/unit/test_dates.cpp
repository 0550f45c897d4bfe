#include "lode/base/dates.hpp"

#include <doctest/doctest.h>

TEST_CASE("ISO dates are checked against the calendar")
{
    CHECK(lode::parse_iso_date("2024-02-29") == "2024-02-29");   // 2024 is a leap year
    CHECK_FALSE(lode::parse_iso_date("2025-02-29"));              // 2025 is not
    CHECK_FALSE(lode::parse_iso_date("2025-02-30"));
    CHECK_FALSE(lode::parse_iso_date("1900-02-29"));              // century, not divisible by 400
    CHECK(lode::parse_iso_date("2000-02-29"));                    // divisible by 400
    CHECK(lode::parse_iso_date("2025-12-31"));
    CHECK_FALSE(lode::parse_iso_date("2025-04-31"));
    CHECK_FALSE(lode::parse_iso_date("2025-13-01"));
    CHECK_FALSE(lode::parse_iso_date("2025-2-3"));
    CHECK_FALSE(lode::parse_iso_date("12/05/2025"));
    CHECK_FALSE(lode::parse_iso_date("2025-00-10"));
}
