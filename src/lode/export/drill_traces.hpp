#pragma once
// Drillholes in depth for the exports: each hole's desurveyed trace (drill/desurvey.hpp) and its
// intervals as lines along it, with longitude, latitude and elevation.
//
// A hole is desurveyed (by minimum curvature unless asked otherwise) in the UTM zone of its collar
// (WGS 84 / UTM, metres): the collar goes there through the one reprojection owner
// (geo/reprojection.hpp), its stations' azimuths are brought to true north (a magnetic azimuth plus
// the declination; a grid azimuth of another CRS through that grid's convergence at the collar)
// and turned to the zone's grid north by its convergence at the collar (PROJ's proj_factors), and
// every position comes back to WGS 84. Z is the collar's elevation (collar_elev_m, in its
// elev_datum; 0 when it has none) minus the vertical depth below the collar. A hole without survey
// stations is straight, along its collar's azimuth_deg and dip_deg (vertical when they are empty).
#include "lode/drill/desurvey.hpp"
#include "lode/schema/feature.hpp"
#include "lode/store/store.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// The collars of the drillholes layer in these projects (every project when empty) for which keep
// holds (all when it is empty), in hole-id order.
std::vector<Feature> read_collars(Store& store, const std::vector<std::string>& projects,
                                  const std::function<bool(const Feature&)>& keep = {});

// A collar's numeric field (depth_m, collar_elev_m ...) as a double; nullopt when absent or not a number.
std::optional<double> collar_number(const Feature& f, const std::string& field);

// What the azimuths of the surveys and of the collars (azimuth_deg) are measured from.
enum class AzimuthReference { true_north, magnetic, grid };
// "true", "magnetic", "grid"; nullopt for anything else.
std::optional<AzimuthReference> azimuth_reference_named(const std::string& name);

struct DesurveyOptions {
    drill::Method method = drill::Method::minimum_curvature;
    AzimuthReference reference = AzimuthReference::true_north;
    double declination_deg = 0;   // magnetic: true azimuth = magnetic azimuth + declination (east positive)
    std::string grid_crs;         // grid: the projected CRS whose grid north they are from; empty: the collar's UTM zone
};

// Refuses (InputError) options no hole can be desurveyed with, before anything is written: a grid
// CRS that is not projected (a geographic CRS has no grid north). HoleTrace would refuse them for
// every hole alike, which its callers would count as holes without a trace.
void check_desurvey(const DesurveyOptions& options);

// One line saying how the azimuths were corrected, for a command's output: "minimum curvature;
// azimuths magnetic + declination 1.5° = true; true to UTM grid north by the convergence at each
// collar (-0.683° to -0.675°)". convergences: the traces' convergence_deg (empty: none traced).
std::string describe_desurvey(const DesurveyOptions& options, const std::vector<double>& convergences);

struct TracePosition {
    double depth = 0;           // along the hole, metres
    double lon = 0, lat = 0;    // WGS 84
    double z = 0;               // elevation, metres (collar elevation - vertical depth)
};

class HoleTrace {
public:
    // collar: a feature of the drillholes layer (a point, with depth_m); surveys: its stations,
    // in depth order. Throws InputError for a collar without a point or a depth.
    HoleTrace(const Feature& collar, const std::vector<SurveyRecord>& surveys, const DesurveyOptions& options = {});
    ~HoleTrace();
    HoleTrace(HoleTrace&&) noexcept;

    const std::string& hole() const { return hole_; }
    double depth() const { return depth_; }                 // end of hole
    const std::string& crs() const { return crs_; }         // "EPSG:32750"
    double convergence_deg() const { return convergence_; } // grid bearing of true north at the collar (minus PROJ's convergence)
    double azimuth_correction_deg() const { return correction_; } // added to every azimuth given: the UTM grid azimuth
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
    double depth_ = 0, convergence_ = 0, correction_ = 0, elevation_ = 0;
    bool has_elevation_ = false;
    std::size_t stations_ = 0;
    std::vector<double> station_depths_;
};

} // namespace lode
