// Feature labels that never overlap: each label tries a few places around its point (or on its
// area or line) and takes the first free one, or is dropped; country names then fill the gaps.
#include "lode/map/detail/canvas.hpp"

#include <ogr_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lode::map {

namespace {

// Whether the segment from a to b meets the rectangle (Liang–Barsky clipping of the segment to it).
bool segment_meets(const Rect& r, std::pair<double, double> a, std::pair<double, double> b)
{
    double t0 = 0, t1 = 1;
    const double dx = b.first - a.first, dy = b.second - a.second;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.first - r.x, r.right() - a.first, a.second - r.y, r.bottom() - a.second};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;   // parallel to this edge and outside it
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

} // namespace

void LabelPlacer::avoid(Line line)
{
    if (line.size() >= 2)
        lines_.push_back(std::move(line));
}

bool LabelPlacer::free(const Rect& r) const
{
    if (!r.inside(frame_))
        return false;
    // Two labels closer than a point read as one.
    const Rect padded{r.x - 1, r.y - 1, r.width + 2, r.height + 2};
    if (std::any_of(taken_.begin(), taken_.end(), [&](const Rect& t) { return t.overlaps(padded); }))
        return false;
    for (const auto& line : lines_)
        for (std::size_t i = 1; i < line.size(); ++i)
            if (segment_meets(padded, line[i - 1], line[i]))
                return false;
    return true;
}

std::optional<std::pair<double, double>> LabelPlacer::line_from(double x, double y) const
{
    for (const auto& line : lines_) {
        const auto& [x0, y0] = line.front();
        const double dx = line.back().first - x0, dy = line.back().second - y0, d = std::hypot(dx, dy);
        if (std::hypot(x0 - x, y0 - y) < 0.01 && d > 0)
            return std::make_pair(dx / d, dy / d);
    }
    return std::nullopt;
}

std::optional<Rect> LabelPlacer::place(const std::vector<Rect>& candidates)
{
    for (const auto& c : candidates)
        if (free(c)) {
            taken_.push_back(c);
            return c;
        }
    return std::nullopt;
}

std::optional<std::pair<double, double>> anchor_of(const OGRGeometry& page, const OGRPolygon& frame_polygon)
{
    GeometryPtr visible(page.Intersection(&frame_polygon));
    if (!visible || visible->IsEmpty())
        return std::nullopt;
    OGRPoint p;
    const auto type = wkbFlatten(visible->getGeometryType());
    if (type == wkbLineString || type == wkbMultiLineString) {
        const OGRLineString* line = type == wkbLineString ? visible->toLineString()
                                                          : visible->toMultiLineString()->getGeometryRef(0);
        line->Value(line->get_Length() / 2, &p);
    } else {
        GeometryPtr surface_point(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(visible.get()))));
        if (!surface_point || wkbFlatten(surface_point->getGeometryType()) != wkbPoint || surface_point->IsEmpty())
            return std::nullopt;
        p = *surface_point->toPoint();
    }
    return std::make_pair(p.getX(), p.getY());
}

namespace {

struct PlacedLabel {
    PangoLayoutPtr layout;
    Rect box;
    Colour colour;
};

} // namespace

void draw_labels(Canvas& canvas, std::size_t& placed, std::size_t& dropped, std::vector<std::string>& drawn)
{
    std::vector<PlacedLabel> out;
    const Colour label_colour{0.1, 0.1, 0.1, 1};
    auto& pending = canvas.pending;
    std::stable_sort(pending.begin(), pending.end(), [](const PendingLabel& a, const PendingLabel& b) {
        if (a.priority != b.priority)
            return a.priority < b.priority;
        return a.point != b.point ? a.point > b.point : a.rank < b.rank;
    });
    for (const auto& p : pending) {
        // Long names wrap at 120 points, three lines at most, ellipsised after.
        auto l = canvas.text.layout(p.text, "Noto Sans 6.5", 120);
        pango_layout_set_height(l.get(), -3);
        pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
        double w = 0, h = 0;
        TextRenderer::size(l.get(), w, h);
        std::vector<Rect> candidates;
        if (p.point) {
            const double g = p.radius + 2;
            candidates = {{p.x + g, p.y - h / 2, w, h}, {p.x - g - w, p.y - h / 2, w, h}, {p.x - w / 2, p.y - g - h, w, h},
                          {p.x - w / 2, p.y + g, w, h}, {p.x + g * 0.7, p.y - g * 0.7 - h, w, h},
                          {p.x + g * 0.7, p.y + g * 0.7, w, h}, {p.x - g * 0.7 - w, p.y - g * 0.7 - h, w, h},
                          {p.x - g * 0.7 - w, p.y + g * 0.7, w, h}};
            // Beside a drillhole's collar, the places opposite its trace first (the trace itself the placer avoids).
            if (const auto along = canvas.placer.line_from(p.x, p.y))
                std::stable_sort(candidates.begin(), candidates.end(), [&](const Rect& a, const Rect& b) {
                    auto lean = [&](const Rect& r) {
                        return (r.x + r.width / 2 - p.x) * along->first + (r.y + r.height / 2 - p.y) * along->second;
                    };
                    return lean(a) < lean(b);
                });
        } else {
            candidates = {{p.x - w / 2, p.y - h / 2, w, h}, {p.x - w / 2, p.y - h * 1.5, w, h}, {p.x - w / 2, p.y + h / 2, w, h},
                          {p.x + 3, p.y - h / 2, w, h}, {p.x - w - 3, p.y - h / 2, w, h}, {p.x - w / 2, p.y - h * 2.5, w, h},
                          {p.x - w / 2, p.y + h * 1.5, w, h}};
        }
        if (auto box = canvas.placer.place(candidates)) {
            out.push_back({std::move(l), *box, label_colour});
            drawn.push_back("label " + p.text);
            char box_text[96];
            std::snprintf(box_text, sizeof box_text, "label-box %.3f %.3f %.3f %.3f: ", box->x, box->y, box->width, box->height);
            drawn.push_back(box_text + p.text);
            ++placed;
        } else {
            ++dropped;
        }
    }
    // Country names: only where they fit, never over a feature label or a marker.
    for (const auto& c : canvas.countries) {
        auto anchor = anchor_of(*c.page, canvas.frame_polygon);
        if (!anchor || c.name.empty())
            continue;
        auto l = canvas.text.layout(c.name, "Noto Sans Italic 8.5");
        double w = 0, h = 0;
        TextRenderer::size(l.get(), w, h);
        // A name much wider than its country (an island at world scale) would only clutter.
        OGREnvelope e;
        c.page->getEnvelope(&e);
        if (w > 1.5 * (e.MaxX - e.MinX) && h > e.MaxY - e.MinY)
            continue;
        const auto [x, y] = *anchor;
        if (auto box = canvas.placer.place({{x - w / 2, y - h / 2, w, h}, {x - w / 2, y + h, w, h}, {x - w / 2, y - 2 * h, w, h},
                                            {x - w / 2, y + 2.5 * h, w, h}, {x - w / 2, y - 3.5 * h, w, h},
                                            {x - w * 1.5, y - h / 2, w, h}, {x + w / 2, y - h / 2, w, h}}))
            out.insert(out.begin(), PlacedLabel{std::move(l), *box, Colour{0.45, 0.42, 0.38, 1}});
    }
    for (const auto& p : out)
        canvas.text.draw(p.layout.get(), p.box.x, p.box.y, p.colour, 2.0);
}

} // namespace lode::map
