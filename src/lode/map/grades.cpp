#include "lode/map/detail/grades.hpp"

#include <cstdio>

namespace lode::map {

Colour class_colour(std::size_t i, std::size_t n)
{
    const double t = n <= 1 ? 1 : static_cast<double>(i) / static_cast<double>(n - 1);
    const Colour a{1.0, 0.93, 0.63, 1}, b{0.99, 0.55, 0.24, 1}, c{0.70, 0.0, 0.15, 1};
    auto mix = [](const Colour& p, const Colour& q, double s) {
        return Colour{p.r + (q.r - p.r) * s, p.g + (q.g - p.g) * s, p.b + (q.b - p.b) * s, 1};
    };
    return t < 0.5 ? mix(a, b, t * 2) : mix(b, c, (t - 0.5) * 2);
}

std::string number_text(double v)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", v);
    std::string out = buffer;
    while (out.back() == '0')
        out.pop_back();
    if (out.back() == '.')
        out.pop_back();
    return out == "-0" ? "0" : out;
}

std::size_t grade_class_of(double v, const std::vector<double>& breaks)
{
    std::size_t k = 0;
    while (k < breaks.size() && v >= breaks[k])
        ++k;
    return k;
}

std::string class_label(std::size_t k, const std::vector<double>& breaks)
{
    if (k == 0)
        return "< " + number_text(breaks.front());
    if (k == breaks.size())
        return "≥ " + number_text(breaks.back());
    return number_text(breaks[k - 1]) + " – < " + number_text(breaks[k]);
}

} // namespace lode::map
