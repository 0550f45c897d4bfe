// Quantiles (base/statistics.hpp) against Python's statistics.quantiles(method='inclusive') on the
// same values, printed here as it gave them (Python 3.11), and by hand: h = p (n - 1).
#include "lode/base/statistics.hpp"

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("quantile: inclusive, between the nearest ranks")
{
    const std::vector<double> v{1.5, 5, 16, 42, 1000};
    // statistics.quantiles([1.5, 5, 16, 42, 1000], n=10, method='inclusive')
    //   -> [2.9, 4.3, 7.2, 11.6, 16.0, 26.4, 36.8, 233.6, 616.8]
    const double python[] = {2.9, 4.3, 7.2, 11.6, 16.0, 26.4, 36.8, 233.6, 616.8};
    for (int i = 1; i <= 9; ++i)
        CHECK(lode::quantile(v, i / 10.0) == doctest::Approx(python[i - 1]).epsilon(1e-12));
    CHECK(lode::quantile(v, 0.0) == 1.5);
    CHECK(lode::quantile(v, 1.0) == 1000);
    // By hand: P10 of 5, 16, 42, 1000 is h = 0.3, 5 + 0.3 x 11 = 8.3; the median (16 + 42) / 2 = 29.
    CHECK(lode::quantile({5, 16, 42, 1000}, 0.1) == doctest::Approx(8.3));
    CHECK(lode::quantile({5, 16, 42, 1000}, 0.5) == 29);
    CHECK(lode::quantile({7}, 0.9) == 7);
    CHECK(std::isnan(lode::quantile({}, 0.5)));
}
