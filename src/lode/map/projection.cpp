#include "lode/map/projection.hpp"
#include "lode/map/render.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lode {

namespace {

double centre_longitude(const BBox& extent)
{
    double east = extent.east;
    if (extent.west > east)
        east += 360;   // across the antimeridian
    double lon = (extent.west + east) / 2;
    return lon > 180 ? lon - 360 : lon;
}

std::string degrees(double value, char positive, char negative)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f°%c", std::fabs(value), value >= 0 ? positive : negative);
    return text;
}

} // namespace

std::string choose_map_crs(const BBox& extent)
{
    double east = extent.east;
    if (extent.west > east)
        east += 360;
    const double lon_span = east - extent.west;
    const double lat_span = extent.north - extent.south;
    const double lon = centre_longitude(extent);
    const double lat = (extent.south + extent.north) / 2;
    if (lon_span <= 8 && lat_span <= 8 && lat > -80 && lat < 84) {
        const int zone = std::min(60, static_cast<int>(std::floor((lon + 180) / 6)) + 1);
        return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
    }
    char text[160];
    std::snprintf(text, sizeof text, "+proj=laea +lat_0=%.4f +lon_0=%.4f +datum=WGS84 +units=m +no_defs +type=crs", lat, lon);
    return text;
}

MapProjection::MapProjection(const std::string& crs) : context_(proj_context_create()), definition_(crs)
{
    proj_log_level(context_.get(), PJ_LOG_NONE);
    proj::Pj target(proj_create(context_.get(), crs.c_str()));
    if (!target)
        throw InputError(mention(Setting::crs) + ": PROJ does not understand '" + crs + "'");
    const PJ_TYPE type = proj_get_type(target.get());
    if (type != PJ_TYPE_PROJECTED_CRS && type != PJ_TYPE_GEOGRAPHIC_2D_CRS && type != PJ_TYPE_GEOGRAPHIC_3D_CRS &&
        type != PJ_TYPE_BOUND_CRS && type != PJ_TYPE_COMPOUND_CRS && type != PJ_TYPE_OTHER_CRS)
        throw InputError(mention(Setting::crs) + ": '" + crs + "' is not a coordinate reference system");
    proj::Pj raw(proj_create_crs_to_crs(context_.get(), "EPSG:4326", crs.c_str(), nullptr));
    if (!raw)
        throw InputError(mention(Setting::crs) + ": PROJ knows no transformation from WGS 84 to '" + crs + "'");
    // Longitude/easting first on both sides, whatever the CRS definitions declare.
    transform_.reset(proj_normalize_for_visualization(context_.get(), raw.get()));
    if (!transform_)
        throw InputError(mention(Setting::crs) + ": cannot normalise the axis order of '" + crs + "'");

    // Projected in metres: the horizontal part's first axis is in metres (a bound or compound CRS
    // is looked into).
    {
        proj::Pj horizontal(proj_clone(context_.get(), target.get()));
        if (type == PJ_TYPE_BOUND_CRS)
            horizontal.reset(proj_get_source_crs(context_.get(), target.get()));
        else if (type == PJ_TYPE_COMPOUND_CRS)
            horizontal.reset(proj_crs_get_sub_crs(context_.get(), target.get(), 0));
        geographic_ = horizontal && (proj_get_type(horizontal.get()) == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
                                     proj_get_type(horizontal.get()) == PJ_TYPE_GEOGRAPHIC_3D_CRS);
        if (horizontal && proj_get_type(horizontal.get()) == PJ_TYPE_PROJECTED_CRS) {
            proj::Pj cs(proj_crs_get_coordinate_system(context_.get(), horizontal.get()));
            double to_metre = 0;
            if (cs && proj_cs_get_axis_info(context_.get(), cs.get(), 0, nullptr, nullptr, nullptr, &to_metre, nullptr,
                                            nullptr, nullptr))
                metric_ = std::fabs(to_metre - 1) < 1e-12;
        }
    }
    const char* crs_name = proj_get_name(target.get());
    const char* authority = proj_get_id_auth_name(target.get(), 0);
    const char* code = proj_get_id_code(target.get(), 0);
    if (crs.rfind("+proj=laea", 0) == 0) {
        double lat = 0, lon = 0;
        std::sscanf(crs.c_str(), "+proj=laea +lat_0=%lf +lon_0=%lf", &lat, &lon);
        name_ = "Lambert azimuthal equal-area, WGS 84, centred on " + degrees(lat, 'N', 'S') + " " + degrees(lon, 'E', 'W');
    } else {
        name_ = crs_name && *crs_name && std::string(crs_name) != "unknown" ? crs_name : crs;
        if (authority && code)
            name_ += " (" + std::string(authority) + ":" + code + ")";
    }
}

bool MapProjection::forward(double lon, double lat, double& x, double& y) const
{
    const PJ_COORD out = proj_trans(transform_.get(), PJ_FWD, proj_coord(lon, lat, 0, 0));
    x = out.xy.x;
    y = out.xy.y;
    return std::isfinite(x) && std::isfinite(y);
}

bool MapProjection::inverse(double x, double y, double& lon, double& lat) const
{
    const PJ_COORD out = proj_trans(transform_.get(), PJ_INV, proj_coord(x, y, 0, 0));
    lon = out.lp.lam;
    lat = out.lp.phi;
    return std::isfinite(lon) && std::isfinite(lat);
}

double ground_distance_m(const MapProjection& projection, double x1, double y1, double x2, double y2)
{
    double lon1 = 0, lat1 = 0, lon2 = 0, lat2 = 0;
    if (!projection.inverse(x1, y1, lon1, lat1) || !projection.inverse(x2, y2, lon2, lat2))
        throw Error("scale bar: the map centre cannot be projected back to longitude/latitude");
    return geodesic_distance_m(lon1, lat1, lon2, lat2);
}

ScaleBar scale_bar(const MapProjection& projection, double cx, double cy, double max_map_length)
{
    // Ground metres per map unit at the centre, along x.
    const double probe = max_map_length;
    const double per_unit = ground_distance_m(projection, cx - probe / 2, cy, cx + probe / 2, cy) / probe;
    ScaleBar bar = metric_scale_bar(max_map_length * per_unit);
    const double round = bar.ground_m;
    bar.map_length = round / per_unit;
    // Refine: the ground length of the bar itself, measured, so that the label holds for its ends.
    for (int i = 0; i < 3; ++i) {
        const double measured = ground_distance_m(projection, cx - bar.map_length / 2, cy, cx + bar.map_length / 2, cy);
        bar.map_length *= round / measured;
    }
    return bar;
}

ScaleBar metric_scale_bar(double max_length_m)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(max_length_m)));
    double round = magnitude;
    for (double step : {5.0, 2.0, 1.0})
        if (step * magnitude <= max_length_m) {
            round = step * magnitude;
            break;
        }
    ScaleBar bar;
    bar.ground_m = round;
    bar.map_length = round;
    const double first = round / magnitude;
    bar.segments = first == 5 ? 5 : first == 2 ? 4 : 5;
    char text[32];
    if (round >= 1000)
        std::snprintf(text, sizeof text, "%g km", round / 1000);
    else
        std::snprintf(text, sizeof text, "%g m", round);
    bar.label = text;
    return bar;
}

// ---- the world → page transform (render.hpp) -----------------------------------------------------

MapLayout::MapLayout(std::shared_ptr<const MapProjection> projection, const Rect& frame, double min_x, double min_y,
                     double max_x, double max_y)
    : projection_(std::move(projection)), frame_(frame)
{
    // Widen the window in one direction so that it has the frame's aspect; centred.
    scale_ = std::min(frame.width / (max_x - min_x), frame.height / (max_y - min_y));
    const double cx = (min_x + max_x) / 2, cy = (min_y + max_y) / 2;
    const double half_w = frame.width / scale_ / 2, half_h = frame.height / scale_ / 2;
    min_x_ = cx - half_w;
    max_x_ = cx + half_w;
    min_y_ = cy - half_h;
    max_y_ = cy + half_h;
}

void MapLayout::map_to_page(double x, double y, double& px, double& py) const
{
    px = frame_.x + (x - min_x_) * scale_;
    py = frame_.y + (max_y_ - y) * scale_;
}

void MapLayout::page_to_map(double px, double py, double& x, double& y) const
{
    x = min_x_ + (px - frame_.x) / scale_;
    y = max_y_ - (py - frame_.y) / scale_;
}

bool MapLayout::to_page(double lon, double lat, double& px, double& py) const
{
    double x = 0, y = 0;
    if (!projection_->forward(lon, lat, x, y))
        return false;
    map_to_page(x, y, px, py);
    return true;
}

BBox MapLayout::geographic_extent() const
{
    BBox b{HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    const int n = 40;
    for (int i = 0; i <= n; ++i)
        for (int j = 0; j <= n; ++j) {
            if (i != 0 && i != n && j != 0 && j != n)
                continue;
            double lon = 0, lat = 0;
            if (!projection_->inverse(min_x_ + (max_x_ - min_x_) * i / n, min_y_ + (max_y_ - min_y_) * j / n, lon, lat))
                continue;
            b.west = std::min(b.west, lon);
            b.east = std::max(b.east, lon);
            b.south = std::min(b.south, lat);
            b.north = std::max(b.north, lat);
        }
    return b;
}

} // namespace lode
