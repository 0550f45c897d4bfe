#pragma once
// Order statistics of a sample of numbers.
#include <vector>

namespace lode {

// The value at fractional rank h (0-based, 0 <= h <= n - 1) of sorted, ascending values: linear
// between the two nearest ranks. With h = p (n - 1) it is the p quantile as Python's
// statistics.quantiles(method='inclusive'), numpy's default and Excel's PERCENTILE.INC take it.
double at_rank(const std::vector<double>& sorted, double h);

// The p quantile (0 <= p <= 1) of sorted, ascending values, as at_rank; NaN when there are none.
double quantile(const std::vector<double>& sorted, double p);

} // namespace lode
