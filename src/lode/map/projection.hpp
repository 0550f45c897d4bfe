#pragma once
// The projection of a map: which CRS suits an extent (UTM for a district, a Lambert azimuthal
// equal-area centred on the region for more), the PROJ transformation from WGS 84 longitude/latitude
// to it (axis order normalised: longitude/easting first), and a scale bar true at the map's centre.
#include "lode/geo/proj.hpp"
#include "lode/store/store.hpp"

#include <memory>
#include <string>
#include <utility>

namespace lode {

// The CRS a map of this extent (longitude/latitude, west may exceed east across the antimeridian)
// is drawn in when none is asked for: "EPSG:32641" for a district-sized extent (the UTM zone of its
// centre), else a PROJ string for a Lambert azimuthal equal-area projection centred on it.
std::string choose_map_crs(const BBox& extent);

class MapProjection {
public:
    // crs: "EPSG:nnnn", a PROJ string or WKT. Throws InputError naming it when PROJ refuses it.
    explicit MapProjection(const std::string& crs);

    // lon/lat degrees → map x/y (metres for projected CRSs); false when PROJ cannot.
    bool forward(double lon, double lat, double& x, double& y) const;
    bool inverse(double x, double y, double& lon, double& lat) const;

    // "WGS 84 / UTM zone 41N (EPSG:32641)", or the projection's description.
    const std::string& name() const { return name_; }
    const std::string& definition() const { return definition_; }
    // Whether x/y are eastings/northings in metres (a projected CRS in metres), so that a grid of
    // round eastings and northings can be drawn.
    bool metric() const { return metric_; }
    // Whether x/y are longitude/latitude degrees (a geographic CRS).
    bool geographic() const { return geographic_; }

private:
    proj::Context context_;
    proj::Pj transform_;
    std::string name_, definition_;
    bool metric_ = false, geographic_ = false;
};

struct ScaleBar {
    double map_length = 0;   // in the map CRS's units, measured along x through the centre
    double ground_m = 0;     // the geodesic length it stands for
    int segments = 4;
    std::string label;       // "5 km", "500 m"
};

// A scale bar of a round ground length whose map length is at most max_map_length, centred on the
// map point (cx, cy): its ground length is the geodesic between the ends' inverse projections, so it
// is true at the centre whatever the projection's scale factor there.
ScaleBar scale_bar(const MapProjection& projection, double cx, double cy, double max_map_length);

// A scale bar of a round length (1, 2 or 5 × 10^n metres) of at most max_length_m, one map unit a
// metre (a section's distance along it).
ScaleBar metric_scale_bar(double max_length_m);

// Geodesic length between the map points (x1, y1) and (x2, y2).
double ground_distance_m(const MapProjection& projection, double x1, double y1, double x2, double y2);

} // namespace lode
