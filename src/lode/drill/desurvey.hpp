#pragma once
// Desurvey of a drillhole: positions along the hole from its collar and its survey stations.
//
// Conventions (as drillers write them): depth is measured along the hole from the collar (metres);
// azimuth is clockwise from grid north, 0..360 degrees; dip is from the horizontal, NEGATIVE
// DOWNWARDS (-90 is a vertical hole drilled down). The collar is x (east), y (north), z (up) in a
// projected CRS in metres.
#include <optional>
#include <string>
#include <vector>

namespace lode::drill {

struct Collar {
    double x = 0, y = 0, z = 0;
};

struct Station {
    double depth = 0;    // metres along the hole
    double azimuth = 0;  // degrees clockwise from grid north
    double dip = -90;    // degrees from horizontal, negative downwards
};

// The methods of the survey textbooks (e.g. Sawaryn & Thorogood, "A Compendium of Directional
// Calculations Based on the Minimum Curvature Method", SPE Drilling & Completion 20(1), 2005, SPE
// 84246; Bourgoyne et al., Applied Drilling Engineering, SPE 1986, ch. 8): over an interval of
// length L from station 1 to station 2 with inclinations I (from vertical) and azimuths A,
//   tangent (tangential):  ΔN = L sin I2 cos A2, ΔE = L sin I2 sin A2, ΔTVD = L cos I2;
//   balanced tangential:   ΔN = L/2 (sin I1 cos A1 + sin I2 cos A2), ΔE and ΔTVD alike;
//   minimum curvature:     the balanced tangential times RF = 2/β tan(β/2), β the dog-leg angle
//                          arccos(cos(I2 − I1) − sin I1 sin I2 (1 − cos(A2 − A1))).
enum class Method { minimum_curvature, tangent, balanced_tangential };
// "minimum-curvature", "tangent", "balanced" (or "balanced-tangential"); nullopt for anything else.
std::optional<Method> method_named(const std::string& name);
// "minimum curvature", "tangent", "balanced tangential": the name a reader is told
std::string method_name(Method method);
// The one spelling of a method in options and saved definitions: "minimum-curvature", "tangent",
// "balanced" (method_named reads it back); method_options(): all of them, in the enum's order.
const char* method_option(Method method);
const std::vector<std::string>& method_options();

// What the azimuths of the surveys and of the collars are measured from (true north, magnetic
// north, or a grid north); the desurvey wants them from grid north (export/drill_traces.hpp turns them).
enum class AzimuthReference { true_north, magnetic, grid };
// The spelling in options and saved definitions: "true", "magnetic", "grid"; named: nullopt for
// anything else; options(): all of them, in the enum's order.
const char* azimuth_reference_option(AzimuthReference reference);
std::optional<AzimuthReference> azimuth_reference_named(const std::string& name);
const std::vector<std::string>& azimuth_reference_options();

struct Point3 {
    double x = 0, y = 0, z = 0;
};

// One station of the desurveyed trace with its position and the dog-leg of the interval above it.
struct TracePoint {
    Station station;
    Point3 at;
    double dogleg_deg = 0;        // angle between this station's direction and the one above
    double dogleg_severity = 0;   // degrees per 30 m over the interval above
};

class Trace {
public:
    // Stations must be sorted by depth, without repeats (see the drill checks); a hole without
    // stations is vertical. The first station's direction holds from the collar down to it, and the
    // last station's below it.
    Trace(Collar collar, std::vector<Station> stations, Method method = Method::minimum_curvature);

    const std::vector<TracePoint>& points() const { return points_; }
    // Position at a depth along the hole (interpolated along the arc for minimum curvature);
    // depths below the last station continue straight.
    Point3 at(double depth) const;
    Method method() const { return method_; }

private:
    Method method_;
    std::vector<TracePoint> points_;
};

} // namespace lode::drill
