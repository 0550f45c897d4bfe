#include "lode/export/drill_traces.hpp"

#include "lode/base/error.hpp"
#include "lode/drill/desurvey.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/reprojection.hpp"

#include <algorithm>
#include <cmath>

namespace lode {

namespace {

constexpr double pi = 3.14159265358979323846;

} // namespace

// The hole's desurvey in its UTM zone, and the way back to WGS 84.
struct HoleTrace::Frame {
    SpatialReference utm{nullptr, &OSRRelease};
    std::unique_ptr<ToWgs84> back;
    std::unique_ptr<drill::Trace> trace;
};

HoleTrace::HoleTrace(HoleTrace&&) noexcept = default;
HoleTrace::~HoleTrace() = default;

HoleTrace::HoleTrace(const Feature& collar, const std::vector<SurveyRecord>& surveys) : frame_(std::make_unique<Frame>()), hole_(collar.id)
{
    const Where where{"", -1, collar.id, ""};
    GeometryPtr geometry = collar.wkb.empty() ? GeometryPtr() : geometry_from_wkb(collar.wkb);
    const auto* point = dynamic_cast<const OGRPoint*>(geometry.get());
    if (!point || point->IsEmpty())
        throw InputError(where, "the collar has no point to desurvey from");
    const auto depth = collar_number(collar, "depth_m");
    if (!depth || !(*depth > 0))
        throw InputError(Where{"", -1, collar.id, "depth_m"}, "the hole has no depth to desurvey");
    depth_ = *depth;
    const double lon = point->getX(), lat = point->getY();
    if (const auto elevation = collar_number(collar, "collar_elev_m")) {
        elevation_ = *elevation;
        has_elevation_ = true;
    }

    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
    crs_ = "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
    frame_->utm = parse_crs(crs_, "the collar's UTM zone");
    const FromWgs84 to_utm(*frame_->utm, BBox{lon, lat, lon, lat});
    frame_->back = std::make_unique<ToWgs84>(*frame_->utm);
    OGRPoint at(lon, lat), north(lon, lat + 1e-4);
    if (!to_utm.apply(at) || !to_utm.apply(north))
        throw InputError(where, "the collar cannot be placed in " + crs_);
    // Grid bearing of true north: a true azimuth A is the grid azimuth A + convergence.
    convergence_ = std::atan2(north.getX() - at.getX(), north.getY() - at.getY()) * 180.0 / pi;

    std::vector<drill::Station> stations;
    for (const auto& s : surveys)
        if (s.hole == hole_)
            stations.push_back({s.depth, std::fmod(s.azimuth + convergence_ + 360.0, 360.0), s.dip});
    stations_ = stations.size();
    if (stations.empty())
        stations.push_back({0, std::fmod(collar_number(collar, "azimuth_deg").value_or(0) + convergence_ + 360.0, 360.0),
                            collar_number(collar, "dip_deg").value_or(-90)});
    for (const auto& s : stations)
        station_depths_.push_back(s.depth);
    frame_->trace = std::make_unique<drill::Trace>(drill::Collar{at.getX(), at.getY(), 0}, stations);
}

TracePosition HoleTrace::at(double depth) const
{
    const drill::Point3 p = frame_->trace->at(depth);
    OGRPoint point(p.x, p.y);
    if (!frame_->back->apply(point))
        throw InputError(Where{"", -1, hole_, ""}, "a position of the hole cannot be brought back from " + crs_);
    return {depth, point.getX(), point.getY(), elevation_ + p.z};
}

std::vector<TracePosition> HoleTrace::between(double from, double to, double step) const
{
    std::vector<double> depths{from, to};
    for (double d : station_depths_)
        if (d > from && d < to)
            depths.push_back(d);
    for (double d = std::ceil(from / step) * step; d < to; d += step)
        if (d > from)
            depths.push_back(d);
    std::sort(depths.begin(), depths.end());
    depths.erase(std::unique(depths.begin(), depths.end()), depths.end());
    std::vector<TracePosition> out;
    for (double d : depths)
        out.push_back(at(d));
    return out;
}

std::optional<double> collar_number(const Feature& f, const std::string& field)
{
    const auto it = f.attributes.find(field);
    if (it == f.attributes.end())
        return std::nullopt;
    if (const double* d = std::get_if<double>(&it->second))
        return *d;
    if (const std::int64_t* i = std::get_if<std::int64_t>(&it->second))
        return static_cast<double>(*i);
    return std::nullopt;
}

} // namespace lode
