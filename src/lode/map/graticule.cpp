// The grids over the map face. The graticule: meridians and parallels every round number of degrees,
// labelled outside the frame where they cross it — longitudes on the top and bottom edges, latitudes
// on the left and right (turned to run along the edge) — with a label left out rather than touching
// its neighbour or a corner. The projected grid: round eastings and northings of a metric projected
// CRS, straight lines on the page, ticked inside the frame and labelled outside it in the same way.
#include "lode/map/detail/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace lode::map {

std::string degree_label(double value, double step, char positive, char negative)
{
    const double a = std::fabs(value);
    int deg = static_cast<int>(std::floor(a + 1e-9));
    int minutes = static_cast<int>(std::lround((a - deg) * 60));
    if (minutes == 60) {
        ++deg;
        minutes = 0;
    }
    std::string text = std::to_string(deg) + "°";
    if (step < 1 || minutes != 0) {
        char m[8];
        std::snprintf(m, sizeof m, "%02d′", minutes);
        text += m;
    }
    if (std::fabs(value) > 1e-9)
        text += value > 0 ? positive : negative;
    return text;
}

double graticule_step(double span)
{
    for (double step : {1.0 / 60, 2.0 / 60, 5.0 / 60, 10.0 / 60, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0})
        if (span / step <= 6)
            return step;
    return 45;
}

namespace {

using Polyline = std::vector<std::pair<double, double>>;

enum Side { bottom, top, left, right };

// Where the polyline first crosses the frame's side, as the position along it (x for top and bottom,
// y for left and right); nullopt when it does not, or too near a corner to label.
std::optional<double> crossing(const Polyline& pts, const Rect& f, Side side)
{
    const bool horizontal = side == bottom || side == top;
    const double edge = side == bottom ? f.bottom() : side == top ? f.y : side == left ? f.x : f.right();
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const auto [x0, y0] = pts[i - 1];
        const auto [x1, y1] = pts[i];
        const double a0 = horizontal ? y0 : x0, a1 = horizontal ? y1 : x1;
        if ((a0 - edge) * (a1 - edge) > 0 || a0 == a1)
            continue;
        const double t = (edge - a0) / (a1 - a0);
        const double along = horizontal ? x0 + (x1 - x0) * t : y0 + (y1 - y0) * t;
        const double from = horizontal ? f.x : f.y, to = horizontal ? f.right() : f.bottom();
        if (along > from + 10 && along < to - 10)
            return along;
    }
    return std::nullopt;
}

struct EdgeLabel {
    double along;
    std::string text;
};

// The labels of one side, left out where one would come within 4 points of the last one drawn.
void draw_side(const Canvas& canvas, std::vector<EdgeLabel> labels, Side side)
{
    const Rect& f = canvas.layout.frame();
    std::sort(labels.begin(), labels.end(), [](const EdgeLabel& a, const EdgeLabel& b) { return a.along < b.along; });
    double last_end = -HUGE_VAL;
    for (const auto& [along, text] : labels) {
        auto l = canvas.text.layout(text, "Noto Sans 6.5");
        double w = 0, h = 0;
        TextRenderer::size(l.get(), w, h);
        // Along the side, the label spans w centred on its crossing, inside the side's length.
        const double from = side == bottom || side == top ? f.x : f.y, to = side == bottom || side == top ? f.right() : f.bottom();
        const double start = along - w / 2;
        if (start < last_end + 4 || start < from || start + w > to)
            continue;
        last_end = start + w;
        cairo_t* cr = canvas.cr;
        switch (side) {
        case bottom:
            canvas.text.draw(l.get(), start, f.bottom() + 2, grey);
            break;
        case top:
            canvas.text.draw(l.get(), start, f.y - 2 - h, grey);
            break;
        case left:   // reads upwards
            cairo_save(cr);
            cairo_translate(cr, f.x - 2 - h, along + w / 2);
            cairo_rotate(cr, -M_PI / 2);
            canvas.text.draw(l.get(), 0, 0, grey);
            cairo_restore(cr);
            break;
        case right:   // reads downwards
            cairo_save(cr);
            cairo_translate(cr, f.right() + 2 + h, along - w / 2);
            cairo_rotate(cr, M_PI / 2);
            canvas.text.draw(l.get(), 0, 0, grey);
            cairo_restore(cr);
            break;
        }
    }
}

bool labels_on(GridEdges edges, Side side)
{
    switch (edges) {
    case GridEdges::all: return true;
    case GridEdges::bottom_left: return side == bottom || side == left;
    case GridEdges::top_right: return side == top || side == right;
    }
    return true;
}

} // namespace

double projected_grid_step(double span_m)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(span_m / 6)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (span_m / (m * magnitude) <= 6)
            return m * magnitude;
    return 10 * magnitude;
}

std::string metric_label(double value, double step, char axis)
{
    char text[48];
    if (step >= 1000)
        std::snprintf(text, sizeof text, "%.0f km %c", value / 1000, axis);
    else
        std::snprintf(text, sizeof text, "%.0f m %c", value, axis);
    return text;
}

void draw_projected_grid(Canvas& canvas, GridEdges edges)
{
    cairo_t* cr = canvas.cr;
    const MapLayout& layout = canvas.layout;
    const Rect& f = layout.frame();
    const double step = projected_grid_step(std::max(layout.max_x() - layout.min_x(), layout.max_y() - layout.min_y()));
    std::vector<EdgeLabel> sides[4];
    cairo_save(cr);
    canvas.clip_to_frame();
    cairo_set_line_width(cr, 0.4);
    auto line = [&](double x0, double y0, double x1, double y1) {
        cairo_new_path(cr);
        cairo_move_to(cr, x0, y0);
        cairo_line_to(cr, x1, y1);
        cairo_stroke(cr);
    };
    const double tick = 5;
    for (double e = std::ceil(layout.min_x() / step) * step; e <= layout.max_x(); e += step) {
        double px = 0, py = 0;
        layout.map_to_page(e, layout.min_y(), px, py);
        set_colour(cr, projected_grid_colour);
        line(px, f.y, px, f.bottom());
        set_colour(cr, ink);
        line(px, f.y, px, f.y + tick);
        line(px, f.bottom() - tick, px, f.bottom());
        if (px > f.x + 10 && px < f.right() - 10)
            for (Side side : {bottom, top})
                sides[side].push_back({px, metric_label(e, step, 'E')});
    }
    for (double n = std::ceil(layout.min_y() / step) * step; n <= layout.max_y(); n += step) {
        double px = 0, py = 0;
        layout.map_to_page(layout.min_x(), n, px, py);
        set_colour(cr, projected_grid_colour);
        line(f.x, py, f.right(), py);
        set_colour(cr, ink);
        line(f.x, py, f.x + tick, py);
        line(f.right() - tick, py, f.right(), py);
        if (py > f.y + 10 && py < f.bottom() - 10)
            for (Side side : {left, right})
                sides[side].push_back({py, metric_label(n, step, 'N')});
    }
    cairo_restore(cr);
    for (Side side : {bottom, top, left, right})
        if (labels_on(edges, side))
            draw_side(canvas, sides[side], side);
}

void draw_graticule(Canvas& canvas, GridEdges edges)
{
    cairo_t* cr = canvas.cr;
    const MapLayout& layout = canvas.layout;
    const BBox view = layout.geographic_extent();
    const double lon_step = graticule_step(view.east - view.west);
    const double lat_step = graticule_step(view.north - view.south);
    const Rect& f = layout.frame();
    cairo_save(cr);
    canvas.clip_to_frame();
    set_colour(cr, graticule_colour);
    cairo_set_line_width(cr, 0.35);
    const int samples = 180;
    auto polyline = [&](auto point, double from, double to) {
        Polyline pts;
        for (int i = 0; i <= samples; ++i) {
            double px = 0, py = 0;
            const double t = from + (to - from) * i / samples;
            if (point(t, px, py))
                pts.emplace_back(px, py);
        }
        cairo_new_path(cr);
        for (std::size_t i = 0; i < pts.size(); ++i)
            (i == 0 ? cairo_move_to : cairo_line_to)(cr, pts[i].first, pts[i].second);
        cairo_stroke(cr);
        return pts;
    };
    std::vector<EdgeLabel> sides[4];
    const double south = std::max(-89.9, view.south - lat_step), north = std::min(89.9, view.north + lat_step);
    for (double lon = std::ceil(view.west / lon_step) * lon_step; lon <= view.east + 1e-9; lon += lon_step) {
        const auto pts = polyline([&](double lat, double& x, double& y) { return layout.to_page(lon, lat, x, y); }, south, north);
        for (Side side : {bottom, top})
            if (auto along = crossing(pts, f, side))
                sides[side].push_back({*along, degree_label(lon, lon_step, 'E', 'W')});
    }
    const double west = std::max(-180.0, view.west - lon_step), east = std::min(180.0, view.east + lon_step);
    for (double lat = std::ceil(view.south / lat_step) * lat_step; lat <= view.north + 1e-9; lat += lat_step) {
        const auto pts = polyline([&](double lon, double& x, double& y) { return layout.to_page(lon, lat, x, y); }, west, east);
        for (Side side : {left, right})
            if (auto along = crossing(pts, f, side))
                sides[side].push_back({*along, degree_label(lat, lat_step, 'N', 'S')});
    }
    cairo_restore(cr);
    for (Side side : {bottom, top, left, right})
        if (labels_on(edges, side))
            draw_side(canvas, sides[side], side);
}

} // namespace lode::map
