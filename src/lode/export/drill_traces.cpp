#include "lode/export/drill_traces.hpp"

#include "lode/base/error.hpp"
#include "lode/drill/desurvey.hpp"
#include "lode/geo/convergence.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/reprojection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lode {

namespace {
const std::string survey_grid = "the survey grid's CRS";
} // namespace

// The hole's desurvey in its UTM zone, and the way back to WGS 84.
struct HoleTrace::Frame {
    SpatialReference utm{nullptr, &OSRRelease};
    std::unique_ptr<ToWgs84> back;
    std::unique_ptr<drill::Trace> trace;
};

HoleTrace::HoleTrace(HoleTrace&&) noexcept = default;
HoleTrace::~HoleTrace() = default;

HoleTrace::HoleTrace(const Feature& collar, const std::vector<SurveyRecord>& surveys, const DesurveyOptions& options) : frame_(std::make_unique<Frame>()), hole_(collar.id)
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
    OGRPoint at(lon, lat);
    if (!to_utm.apply(at))
        throw InputError(where, "the collar cannot be placed in " + crs_);
    // Grid bearing of true north: a true azimuth A is the grid azimuth A + convergence.
    convergence_ = -meridian_convergence_deg(crs_, lon, lat, "the collar's UTM zone");
    switch (options.reference) {
    case AzimuthReference::true_north:
        correction_ = convergence_;
        break;
    case AzimuthReference::magnetic:
        correction_ = options.declination_deg + convergence_;
        break;
    case AzimuthReference::grid:
        // true = grid + gamma of that grid; the UTM grid azimuth = true - gamma of the zone.
        correction_ = options.grid_crs.empty()
                          ? 0.0
                          : meridian_convergence_deg(options.grid_crs, lon, lat, survey_grid) + convergence_;
        break;
    }
    auto turned = [&](double azimuth) { return std::fmod(std::fmod(azimuth + correction_, 360.0) + 360.0, 360.0); };

    std::vector<drill::Station> stations;
    for (const auto& s : surveys)
        if (s.hole == hole_)
            stations.push_back({s.depth, turned(s.azimuth), s.dip});
    stations_ = stations.size();
    if (stations.empty())
        stations.push_back({0, turned(collar_number(collar, "azimuth_deg").value_or(0)), collar_number(collar, "dip_deg").value_or(-90)});
    for (const auto& s : stations)
        station_depths_.push_back(s.depth);
    frame_->trace = std::make_unique<drill::Trace>(drill::Collar{at.getX(), at.getY(), 0}, stations, options.method);
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

std::vector<Feature> read_collars(Store& store, const std::vector<std::string>& projects, const std::function<bool(const Feature&)>& keep)
{
    std::vector<std::optional<std::string>> selected;
    if (projects.empty())
        selected.emplace_back();
    for (const auto& p : projects)
        selected.emplace_back(p);
    std::vector<Feature> collars;
    for (const auto& p : selected) {
        Selection selection;
        selection.project = p;
        store.scan("drillholes", selection, Reading::features(), [&](ScanRow& row) {
            if (!keep || keep(row.feature))
                collars.push_back(std::move(row.feature));
            return true;
        });
    }
    std::sort(collars.begin(), collars.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
    return collars;
}

std::optional<AzimuthReference> azimuth_reference_named(const std::string& name)
{
    if (name == "true")
        return AzimuthReference::true_north;
    if (name == "magnetic")
        return AzimuthReference::magnetic;
    if (name == "grid")
        return AzimuthReference::grid;
    return std::nullopt;
}

void check_desurvey(const DesurveyOptions& options)
{
    if (!options.grid_crs.empty())
        require_grid_north(options.grid_crs, survey_grid);
}

std::string describe_desurvey(const DesurveyOptions& options, const std::vector<double>& convergences)
{
    auto degrees = [](double v) {
        char text[32];
        std::snprintf(text, sizeof text, "%+.3f°", v);
        return std::string(text);
    };
    std::string range;
    if (!convergences.empty()) {
        const auto [lo, hi] = std::minmax_element(convergences.begin(), convergences.end());
        // Said as the convergence is signed (true north to grid north, clockwise): minus ours.
        const std::string first = degrees(-*hi), last = degrees(-*lo);
        range = " (" + first + (first == last ? "" : " to " + last) + ")";
    }
    std::string out = drill::method_name(options.method) + "; ";
    switch (options.reference) {
    case AzimuthReference::true_north:
        out += "azimuths from true north";
        break;
    case AzimuthReference::magnetic:
        out += "azimuths magnetic + declination " + degrees(options.declination_deg) + " = true";
        break;
    case AzimuthReference::grid:
        if (options.grid_crs.empty())
            return out + "azimuths from the grid north of each collar's UTM zone, used as they are";
        out += "azimuths from the grid north of " + options.grid_crs + " + its convergence at each collar = true";
        break;
    }
    return out + "; true to UTM grid north - the convergence at each collar" + range;
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
