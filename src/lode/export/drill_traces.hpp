#pragma once
// Drillholes in depth for the exports: each hole's desurveyed trace (drill/desurvey.hpp) and its
// intervals as lines along it, with longitude, latitude and elevation.
//
// A hole is desurveyed by minimum curvature in the UTM zone of its collar (WGS 84 / UTM, metres):
// the collar goes there through the one reprojection owner (geo/reprojection.hpp), its stations'
// azimuths, which are from true north, are turned to grid north by the zone's convergence at the
// collar, and every position comes back to WGS 84. Z is the collar's elevation (collar_elev_m, in its
// elev_datum; 0 when it has none) minus the vertical depth below the collar. A hole without survey
// stations is straight, along its collar's azimuth_deg and dip_deg (vertical when they are empty).
#include "lode/schema/feature.hpp"
#include "lode/store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// A collar's numeric field (depth_m, collar_elev_m ...) as a double; nullopt when absent or not a number.
std::optional<double> collar_number(const Feature& f, const std::string& field);

struct TracePosition {
    double depth = 0;           // along the hole, metres
    double lon = 0, lat = 0;    // WGS 84
    double z = 0;               // elevation, metres (collar elevation - vertical depth)
};

class HoleTrace {
public:
    // collar: a feature of the drillholes layer (a point, with depth_m); surveys: its stations,
    // in depth order. Throws InputError for a collar without a point or a depth.
    HoleTrace(const Feature& collar, const std::vector<SurveyRecord>& surveys);
    ~HoleTrace();
    HoleTrace(HoleTrace&&) noexcept;

    const std::string& hole() const { return hole_; }
    double depth() const { return depth_; }                 // end of hole
    const std::string& crs() const { return crs_; }         // "EPSG:32750"
    double convergence_deg() const { return convergence_; } // grid bearing of true north at the collar
    bool has_elevation() const { return has_elevation_; }
    std::size_t stations() const { return stations_; }
    // The position at a depth along the hole (0 .. depth()).
    TracePosition at(double depth) const;
    // Positions from one depth to another: both ends, every survey station between and a vertex
    // every step metres, so that a curved hole is drawn as curved.
    std::vector<TracePosition> between(double from, double to, double step = 5) const;

private:
    struct Frame;
    std::unique_ptr<Frame> frame_;
    std::string hole_, crs_;
    double depth_ = 0, convergence_ = 0, elevation_ = 0;
    bool has_elevation_ = false;
    std::size_t stations_ = 0;
    std::vector<double> station_depths_;
};

} // namespace lode
