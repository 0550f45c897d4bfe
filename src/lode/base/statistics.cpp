#include "lode/base/statistics.hpp"

#include <cmath>

namespace lode {

double at_rank(const std::vector<double>& sorted, double h)
{
    const auto j = static_cast<std::size_t>(std::floor(h));
    const double delta = h - static_cast<double>(j);
    return j + 1 < sorted.size() ? sorted[j] * (1 - delta) + sorted[j + 1] * delta : sorted[j];
}

double quantile(const std::vector<double>& sorted, double p)
{
    if (sorted.empty())
        return NAN;
    return at_rank(sorted, p * static_cast<double>(sorted.size() - 1));
}

} // namespace lode
