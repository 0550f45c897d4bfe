#pragma once
// Exact distances on the WGS84 ellipsoid between lode's geometries.
//
// How an edge is read: the edge between two stored vertices is the straight line in
// longitude/latitude, as GEOS predicates and RFC 7946 read it (PostGIS geography reads it as a
// geodesic instead; with vertices a few hundred metres apart the two agree to millimetres).
// The distance from a point to an edge is the shortest geodesic (Karney, GeographicLib) to any
// point of that edge, found by solving for the point where the geodesic meets the edge at a
// right angle; the distance to a polygon is 0 inside it.
#include "lode/geo/shape.hpp"

#include <vector>

namespace lode {

double distance_to_segment_m(double px, double py, double ax, double ay, double bx, double by);
double distance_point_shape_m(double px, double py, const Shape& shape);
double distance_shapes_m(const Shape& a, const Shape& b);
bool shapes_meet(const Shape& a, const Shape& b);
// Whether inner lies in outer's interior, proven cheaply: outer is one polygon of one ring, every
// vertex of inner strictly inside it and no edge of inner meeting one of outer's. False when not
// proven so (the caller then asks GEOS).
bool shape_inside(const Shape& inner, const Shape& outer);

// A cheap lower bound of the geodesic distance between anything in box p and anything in box q
// (metres), valid for every pair less than `reach` apart: the gap in degrees scaled by the
// shortest degree lengths along any path that short, less 2%. Such a path reaches at most
// reach / 2 poleward of both boxes (it must come back), so the parallel's degree is taken there;
// within reach of a pole that is 0 and only the latitude gap counts (a path may cross the pole).
// It prunes candidates before exact work; beyond 500 km it returns 0 (prunes nothing).
double distance_lower_bound_m(const BBox& p, const BBox& q, double reach);

// Boxes (one, or two split at ±180°) that hold every point within r metres of box.
std::vector<BBox> expand_box(const BBox& box, double r);

} // namespace lode
