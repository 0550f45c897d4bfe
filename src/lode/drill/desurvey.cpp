#include "lode/drill/desurvey.hpp"

#include <utility>

#include <algorithm>
#include <cmath>

namespace lode::drill {
namespace {
constexpr double pi = 3.14159265358979323846;
double rad(double d) { return d * pi / 180.0; }

// Unit direction (east, north, up) of a station.
Point3 direction(const Station& s)
{
    const double inc = rad(90.0 + s.dip); // inclination from vertical-down
    const double az = rad(s.azimuth);
    return {std::sin(inc) * std::sin(az), std::sin(inc) * std::cos(az), -std::cos(inc)};
}

double dot(const Point3& a, const Point3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

double angle_between(const Point3& a, const Point3& b)
{
    return std::acos(std::clamp(dot(a, b), -1.0, 1.0));
}

Point3 offset(const Point3& p, const Point3& d, double k) { return {p.x + d.x * k, p.y + d.y * k, p.z + d.z * k}; }

// Position at length l (0 <= l <= length) into an interval from p1 with directions t1 above, t2 below.
Point3 along(Method method, const Point3& p1, const Point3& t1, const Point3& t2, double length, double l)
{
    switch (method) {
    case Method::tangent:
        return offset(p1, t2, l);
    case Method::balanced_tangential:
        if (l <= length / 2) return offset(p1, t1, l);
        return offset(offset(p1, t1, length / 2), t2, l - length / 2);
    case Method::minimum_curvature:
        break;
    }
    const double beta = angle_between(t1, t2);
    if (beta < 1e-9) return offset(p1, t1, l);
    // The arc of radius R = length / beta turned through phi: its direction is the slerp of t1
    // and t2, integrated in closed form.
    const double r = length / beta;
    const double phi = beta * l / length;
    const double k1 = r * (std::cos(beta - phi) - std::cos(beta)) / std::sin(beta);
    const double k2 = r * (1 - std::cos(phi)) / std::sin(beta);
    return offset(offset(p1, t1, k1), t2, k2);
}
} // namespace

namespace {
// The one spelling of each value in options and saved definitions, in the enum's order.
constexpr std::pair<Method, const char*> method_spellings[] = {
    {Method::minimum_curvature, "minimum-curvature"}, {Method::tangent, "tangent"}, {Method::balanced_tangential, "balanced"}};
constexpr std::pair<AzimuthReference, const char*> reference_spellings[] = {
    {AzimuthReference::true_north, "true"}, {AzimuthReference::magnetic, "magnetic"}, {AzimuthReference::grid, "grid"}};

template <typename E, std::size_t N>
const char* spelling(const std::pair<E, const char*> (&table)[N], E value)
{
    for (const auto& [e, text] : table)
        if (e == value)
            return text;
    return table[0].second;
}

template <typename E, std::size_t N>
std::vector<std::string> spellings(const std::pair<E, const char*> (&table)[N])
{
    std::vector<std::string> all;
    for (const auto& entry : table)
        all.emplace_back(entry.second);
    return all;
}
} // namespace

const char* method_option(Method method) { return spelling(method_spellings, method); }

const std::vector<std::string>& method_options()
{
    static const std::vector<std::string> all = spellings(method_spellings);
    return all;
}

const char* azimuth_reference_option(AzimuthReference reference) { return spelling(reference_spellings, reference); }

const std::vector<std::string>& azimuth_reference_options()
{
    static const std::vector<std::string> all = spellings(reference_spellings);
    return all;
}

std::optional<AzimuthReference> azimuth_reference_named(const std::string& name)
{
    for (const auto& [reference, text] : reference_spellings)
        if (name == text)
            return reference;
    return std::nullopt;
}

std::optional<Method> method_named(const std::string& name)
{
    if (name == "minimum-curvature" || name == "minimum_curvature")
        return Method::minimum_curvature;
    if (name == "tangent" || name == "tangential")
        return Method::tangent;
    if (name == "balanced" || name == "balanced-tangential" || name == "balanced_tangential")
        return Method::balanced_tangential;
    return std::nullopt;
}

std::string method_name(Method method)
{
    switch (method) {
    case Method::tangent:
        return "tangent";
    case Method::balanced_tangential:
        return "balanced tangential";
    case Method::minimum_curvature:
        break;
    }
    return "minimum curvature";
}

Trace::Trace(Collar collar, std::vector<Station> stations, Method method) : method_(method)
{
    if (stations.empty()) stations.push_back(Station{0, 0, -90});
    if (stations.front().depth > 0) {
        Station top = stations.front();
        top.depth = 0;
        stations.insert(stations.begin(), top);
    }
    Point3 at{collar.x, collar.y, collar.z};
    points_.push_back({stations.front(), at, 0, 0});
    for (std::size_t i = 1; i < stations.size(); ++i) {
        const Station& s1 = stations[i - 1];
        const Station& s2 = stations[i];
        const double length = s2.depth - s1.depth;
        const Point3 t1 = direction(s1), t2 = direction(s2);
        at = along(method, at, t1, t2, length, length);
        const double dogleg = angle_between(t1, t2) * 180.0 / pi;
        points_.push_back({s2, at, dogleg, length > 0 ? dogleg * 30.0 / length : 0});
    }
}

Point3 Trace::at(double depth) const
{
    if (depth <= 0) return points_.front().at;
    for (std::size_t i = 1; i < points_.size(); ++i) {
        const TracePoint& a = points_[i - 1];
        const TracePoint& b = points_[i];
        if (depth <= b.station.depth)
            return along(method_, a.at, direction(a.station), direction(b.station),
                         b.station.depth - a.station.depth, depth - a.station.depth);
    }
    const TracePoint& last = points_.back();
    return offset(last.at, direction(last.station), depth - last.station.depth);
}

} // namespace lode::drill
