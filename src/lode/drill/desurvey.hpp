#pragma once
// Desurvey of a drillhole: positions along the hole from its collar and its survey stations.
//
// Conventions (as drillers write them): depth is measured along the hole from the collar (metres);
// azimuth is clockwise from grid north, 0..360 degrees; dip is from the horizontal, NEGATIVE
// DOWNWARDS (-90 is a vertical hole drilled down). The collar is x (east), y (north), z (up) in a
// projected CRS in metres.
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

enum class Method { minimum_curvature, tangent, balanced_tangential };

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
