#include "lode/map/classes.hpp"

#include "lode/base/statistics.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace lode {

namespace {

// Jenks on more values than this splits this many of them, evenly spread over the sorted values
// (the smallest and the largest among them): Fisher's method takes count × n² steps.
constexpr std::size_t jenks_limit = 4000;

std::vector<double> jenks(const std::vector<double>& sorted, std::size_t k)
{
    std::vector<double> x;
    if (sorted.size() > jenks_limit) {
        for (std::size_t i = 0; i < jenks_limit; ++i)
            x.push_back(sorted[i * (sorted.size() - 1) / (jenks_limit - 1)]);
    } else {
        x = sorted;
    }
    const std::size_t n = x.size();
    k = std::min(k, n);
    if (k <= 1)
        return {};
    // Prefix sums: the squared deviations of x[a..b) are s2 - s1² / (b - a).
    std::vector<double> s1(n + 1, 0), s2(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        s1[i + 1] = s1[i] + x[i];
        s2[i + 1] = s2[i] + x[i] * x[i];
    }
    auto ssd = [&](std::size_t a, std::size_t b) {
        const double s = s1[b] - s1[a];
        return std::max(0.0, s2[b] - s2[a] - s * s / static_cast<double>(b - a));
    };
    const double inf = std::numeric_limits<double>::infinity();
    // cost[c][b]: the least sum of c + 1 classes over x[0..b); start[c][b]: where its last class starts.
    std::vector<std::vector<double>> cost(k, std::vector<double>(n + 1, inf));
    std::vector<std::vector<std::size_t>> start(k, std::vector<std::size_t>(n + 1, 0));
    for (std::size_t b = 1; b <= n; ++b)
        cost[0][b] = ssd(0, b);
    for (std::size_t c = 1; c < k; ++c)
        for (std::size_t b = c + 1; b <= n; ++b)
            for (std::size_t a = c; a < b; ++a) {
                const double v = cost[c - 1][a] + ssd(a, b);
                if (v < cost[c][b]) {   // the first (lowest a) of equal splits
                    cost[c][b] = v;
                    start[c][b] = a;
                }
            }
    std::vector<double> breaks(k - 1);
    std::size_t b = n;
    for (std::size_t c = k - 1; c >= 1; --c) {
        const std::size_t a = start[c][b];
        breaks[c - 1] = x[a - 1];   // the largest value of the class before
        b = a;
    }
    return breaks;
}

} // namespace

MapClasses parse_classes(const std::string& text)
{
    const auto colon = text.find(':');
    const std::string method = lower(text.substr(0, colon));
    const std::string rest = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    const std::string bad = mention(Setting::classes) + ": '" + text + "' ";
    MapClasses c;
    if (method == "quantile" || method == "jenks") {
        c.method = method == "quantile" ? ClassMethod::quantile : ClassMethod::jenks;
        char* end = nullptr;
        const long n = std::strtol(rest.c_str(), &end, 10);
        if (rest.empty() || *end != '\0' || n < 2 || n > 9)
            throw InputError(bad + "needs a count of classes from 2 to 9 (" + method + ":5)");
        c.count = static_cast<int>(n);
        return c;
    }
    if (method == "breaks") {
        c.method = ClassMethod::breaks;
        for (const auto& part : split_any(rest, ",")) {
            char* end = nullptr;
            const std::string t(trim(part));
            const double v = std::strtod(t.c_str(), &end);
            if (t.empty() || *end != '\0' || !std::isfinite(v))
                throw InputError(bad + "has '" + t + "', which is not a number (breaks:100,300,1000)");
            if (!c.breaks.empty() && v <= c.breaks.back())
                throw InputError(bad + "needs breaks in ascending order");
            c.breaks.push_back(v);
        }
        if (c.breaks.empty() || c.breaks.size() > 8)
            throw InputError(bad + "needs 1 to 8 breaks (breaks:100,300,1000)");
        c.count = static_cast<int>(c.breaks.size()) + 1;
        return c;
    }
    throw InputError(bad + "is not quantile:N, jenks:N or breaks:B1,B2,...");
}

std::string to_string(const MapClasses& classes)
{
    if (classes.method == ClassMethod::breaks) {
        std::vector<std::string> parts;
        for (double b : classes.breaks) {
            char t[32];
            std::snprintf(t, sizeof t, "%.17g", b);
            parts.push_back(t);
        }
        return "breaks:" + join(parts, ",");
    }
    return std::string(classes.method == ClassMethod::quantile ? "quantile:" : "jenks:") + std::to_string(classes.count);
}

std::vector<double> class_breaks(std::vector<double> values, const MapClasses& classes)
{
    std::vector<double> breaks;
    if (classes.method == ClassMethod::breaks) {
        breaks = classes.breaks;
    } else {
        values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
        std::sort(values.begin(), values.end());
        if (values.empty())
            return {};
        if (classes.method == ClassMethod::jenks) {
            breaks = jenks(values, static_cast<std::size_t>(classes.count));
        } else {
            const std::size_t m = values.size();
            for (int i = 1; i < classes.count; ++i) {
                breaks.push_back(at_rank(values, static_cast<double>(i) * static_cast<double>(m - 1) / classes.count));
            }
        }
    }
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    return breaks;
}

std::size_t class_of(double v, const std::vector<double>& breaks)
{
    return static_cast<std::size_t>(std::lower_bound(breaks.begin(), breaks.end(), v) - breaks.begin());
}

std::string ramp_colour(std::size_t i, std::size_t n)
{
    static const int stops[5][3] = {{0xff, 0xff, 0xb2}, {0xfe, 0xcc, 0x5c}, {0xfd, 0x8d, 0x3c}, {0xf0, 0x3b, 0x20}, {0xbd, 0x00, 0x26}};
    const double t = n <= 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1) * 4;
    const auto a = std::min<std::size_t>(3, static_cast<std::size_t>(std::floor(t)));
    const double f = t - static_cast<double>(a);
    char out[8];
    int rgb[3];
    for (int c = 0; c < 3; ++c)
        rgb[c] = static_cast<int>(std::lround(stops[a][c] * (1 - f) + stops[a + 1][c] * f));
    std::snprintf(out, sizeof out, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    return out;
}

} // namespace lode
