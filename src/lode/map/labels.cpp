// Feature labels that never overlap: each label tries a few places around its point (or on its
// area or line) and takes the first free one, or is dropped; country names then fill the gaps.
#include "lode/map/detail/canvas.hpp"

#include <ogr_api.h>

#include <algorithm>

namespace lode::map {

bool LabelPlacer::free(const Rect& r) const
{
    if (!r.inside(frame_))
        return false;
    // Two labels closer than a point read as one.
    const Rect padded{r.x - 1, r.y - 1, r.width + 2, r.height + 2};
    return std::none_of(taken_.begin(), taken_.end(), [&](const Rect& t) { return t.overlaps(padded); });
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
        } else {
            candidates = {{p.x - w / 2, p.y - h / 2, w, h}, {p.x - w / 2, p.y - h * 1.5, w, h}, {p.x - w / 2, p.y + h / 2, w, h},
                          {p.x + 3, p.y - h / 2, w, h}, {p.x - w - 3, p.y - h / 2, w, h}, {p.x - w / 2, p.y - h * 2.5, w, h},
                          {p.x - w / 2, p.y + h * 1.5, w, h}};
        }
        if (auto box = canvas.placer.place(candidates)) {
            out.push_back({std::move(l), *box, label_colour});
            drawn.push_back("label " + p.text);
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
