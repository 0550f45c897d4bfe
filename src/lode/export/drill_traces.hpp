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

using drill::AzimuthReference;   // what the azimuths of the surveys and of the collars (azimuth_deg) are measured from

// What a hole's azimuths are measured from, and the numbers that turn them to true north.
struct AzimuthSetting {
    AzimuthReference reference = AzimuthReference::true_north;
    double declination_deg = 0;   // magnetic: true azimuth = magnetic azimuth + declination (east positive)
    std::string grid_crs;         // grid: the projected CRS whose grid north they are from; empty: the collar's UTM zone
};

struct DesurveyOptions {
    drill::Method method = drill::Method::minimum_curvature;
    // The azimuth reference of every hole, when stated (a command's options, a saved map's): it
    // then overrides each hole's own. When not stated, a hole's collar says its own (the fields
    // azimuth_ref, declination_deg and grid_crs, store model 10: see hole_azimuth_setting), else
    // its azimuths are from true north.
    bool stated = false;
    AzimuthSetting azimuths;
};

// A collar's own azimuth setting (nullopt: it says none): azimuth_ref when given (magnetic needs
// declination_deg; grid takes grid_crs, else the collar's UTM zone), else magnetic when it has a
// declination_deg, grid when it has a grid_crs. Throws Error (naming the hole and the field, not an
// InputError: a hole that cannot be traced because of what it says is no hole without a trace) for
// magnetic azimuths without a declination and a grid CRS without a grid north.
std::optional<AzimuthSetting> hole_azimuth_setting(const Feature& collar);

// Refuses (InputError) options no hole can be desurveyed with, before anything is written: a grid
// CRS that is not projected (a geographic CRS has no grid north). HoleTrace would refuse them for
// every hole alike, which its callers would count as holes without a trace.
void check_desurvey(const DesurveyOptions& options);

class HoleTrace;

// What the traces of one command applied, gathered hole by hole for describe_desurvey.
struct DesurveyTally {
    std::vector<double> convergences;   // HoleTrace::convergence_deg of the traced holes
    // The holes whose collars say their own azimuth setting: said (as describe_desurvey says a
    // setting) and the holes, in the order met; own_overridden: those whose own the stated options replaced.
    std::vector<std::pair<std::string, std::vector<std::string>>> own;
    std::vector<std::string> own_overridden;
    std::size_t by_default = 0;          // holes that said none, when none was stated: true north
    void add(const HoleTrace& trace);
    bool empty() const { return convergences.empty(); }
};

// "azimuths magnetic + declination +1.500° = true", "azimuths from true north" ...
std::string describe_azimuths(const AzimuthSetting& setting);

// One line saying how the azimuths were corrected, for a command's output: "minimum curvature;
// azimuths magnetic + declination +1.500° = true; true to UTM grid north - the convergence at each
// collar (-0.683° to -0.675°)". When the holes say their own, each setting with its holes:
// "azimuths magnetic + declination +5.000° = true (DH1: the hole's own), from true north (2 holes:
// none said)". tally: what the traces applied (empty: none traced).
// "DH1", "DH1 and DH2", "DH1, DH2 and 3 more holes"
std::string holes_said(const std::vector<std::string>& holes);
std::string describe_desurvey(const DesurveyOptions& options, const DesurveyTally& tally);

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
    // The azimuth setting applied, and whether it was the hole's own (its collar's fields); own:
    // the hole's own setting whether applied or overridden by stated options.
    const AzimuthSetting& azimuths() const { return azimuths_; }
    const std::optional<AzimuthSetting>& own_azimuths() const { return own_; }
    bool stated() const { return stated_; }
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
    bool has_elevation_ = false, stated_ = false;
    std::size_t stations_ = 0;
    AzimuthSetting azimuths_;
    std::optional<AzimuthSetting> own_;
    std::vector<double> station_depths_;
};

class VectorWriter;
struct ExportReport;

// The kinds of the drillholes' trace and interval layers, for their QGIS styles: a line each.
const LayerKind& drill_kind(bool intervals);

// The exported collars' traces and intervals as two more layers of the writer (export_layers'
// drillholes): drillhole_traces and drillhole_intervals, 3D lines in a GeoPackage (Z the
// elevation), 2D lines with their depths in the other formats of several layers. A collar without a
// depth has no trace (counted in report.untraced); what the desurvey applied goes to report.desurveyed.
void write_drillholes(VectorWriter& writer, Store& store, const std::vector<Feature>& collars, bool qml_sidecar,
                      const DesurveyOptions& desurvey, ExportReport& report);

} // namespace lode
