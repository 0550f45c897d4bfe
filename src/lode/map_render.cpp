#include "lode/map_render.hpp"
#include "lode/map_style.hpp"

#include "lode/error.hpp"
#include "lode/filter.hpp"
#include "lode/gdal.hpp"
#include "lode/text.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace lode {

namespace {

using namespace map;
using map::GeometryPtr;   // not gdal.hpp's: this one frees through OGRGeometryFactory

class TempFile {
public:
    explicit TempFile(const std::string& target) : target_(target)
    {
        const std::filesystem::path p(target);
        const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
        std::string pattern = (dir / ("." + p.filename().string() + ".tmp-XXXXXX")).string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0)
            throw InputError(target + ": cannot write here: " + std::strerror(errno));
        // mkstemp makes the file 0600; the map gets the usual 0666 less the umask.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
        ::close(fd);
        path_ = pattern;
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile()
    {
        if (!path_.empty())
            ::unlink(path_.c_str());
    }
    const std::string& path() const { return path_; }
    void commit()
    {
        std::error_code ec;
        std::filesystem::rename(path_, target_, ec);
        if (ec)
            throw InputError(target_ + ": cannot write: " + ec.message());
        path_.clear();
    }

private:
    std::string target_, path_;
};

// ---- the features ---------------------------------------------------------------------------------

struct MapFeature {
    std::string id;
    std::string label;
    int category = -1;
    GeometryPtr geometry;   // longitude/latitude
};

struct LoadedLayer {
    const LayerKind* kind = nullptr;
    LayerStyle style;
    std::vector<MapFeature> features;
    std::vector<std::size_t> category_counts;   // per category; the last is the default symbol
};

GeometryPtr from_wkb(const std::vector<unsigned char>& wkb)
{
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
        throw Error("a stored geometry is not valid WKB");
    return GeometryPtr(g);
}

std::string label_of(const Feature& f, const std::string& field)
{
    if (field.empty() || field == "none")
        return {};
    if (field == "id")
        return f.id;
    if (field == "project")
        return f.project;
    const auto it = f.attributes.find(field);
    if (it != f.attributes.end())
        return is_null(it->second) ? std::string() : to_text(it->second);
    const auto e = f.extra.find(field);
    if (e != f.extra.end() && !e->is_null())
        return e->is_string() ? e->get<std::string>() : e->dump();
    return {};
}

// Changes every vertex of g in place with fn (x, y → x, y); false when fn failed for one.
bool transform_vertices(OGRGeometry& g, const std::function<bool(double&, double&)>& fn)
{
    bool ok = true;
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbPoint) {
        auto& p = *g.toPoint();
        double x = p.getX(), y = p.getY();
        ok = fn(x, y);
        p.setX(x);
        p.setY(y);
    } else if (type == wkbLineString || type == wkbLinearRing) {
        auto& l = *g.toSimpleCurve();
        for (int i = 0; i < l.getNumPoints(); ++i) {
            double x = l.getX(i), y = l.getY(i);
            ok = fn(x, y) && ok;
            l.setPoint(i, x, y);
        }
    } else if (type == wkbPolygon) {
        for (auto* ring : *g.toPolygon())
            ok = transform_vertices(*ring, fn) && ok;
    } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
        for (auto* part : *g.toGeometryCollection())
            ok = transform_vertices(*part, fn) && ok;
    }
    return ok;
}

GeometryPtr to_page(const OGRGeometry& lonlat, const MapLayout& layout)
{
    GeometryPtr g(lonlat.clone());
    if (!transform_vertices(*g, [&](double& x, double& y) { return layout.to_page(x, y, x, y); }))
        return nullptr;
    return g;
}

// ---- labels that never overlap -------------------------------------------------------------------

class LabelPlacer {
public:
    explicit LabelPlacer(const Rect& frame) : frame_(frame) {}
    void reserve(const Rect& r) { taken_.push_back(r); }
    bool free(const Rect& r) const
    {
        if (!r.inside(frame_))
            return false;
        return std::none_of(taken_.begin(), taken_.end(), [&](const Rect& t) { return t.overlaps(r); });
    }
    // The first free candidate, reserved; nullopt when every one overlaps something.
    std::optional<Rect> place(const std::vector<Rect>& candidates)
    {
        for (const auto& c : candidates)
            if (free(c)) {
                taken_.push_back(c);
                return c;
            }
        return std::nullopt;
    }

private:
    Rect frame_;
    std::vector<Rect> taken_;
};

struct PlacedLabel {
    PangoLayoutPtr layout;
    Rect box;
    Colour colour;
};

// Where a label goes on an area or a line: a point on its visible part.
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

// ---- layout helpers --------------------------------------------------------------------------------

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

std::string default_basemap()
{
    if (const char* env = std::getenv("LODE_BASEMAP"); env && *env)
        return env;
    return (std::filesystem::path(default_layers_dir()).parent_path() / "geodata" / "basemap" / "countries_50m.gpkg").string();
}


struct Country {
    std::string name;
    GeometryPtr page;
};

void projected_bounds_of(const MapProjection& projection, const BBox& box, double& min_x, double& min_y, double& max_x,
                         double& max_y);

// The countries of the Natural Earth GeoPackage at path on sea blue, in layout's frame (the caller
// clips); their names and page outlines go to names when given.
void draw_countries(cairo_t* cr, const MapLayout& layout, const std::string& path, std::vector<Country>* names)
{
    register_gdal();
    Dataset ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds)
        throw InputError(path + ": cannot open the basemap (set LODE_BASEMAP to the Natural Earth countries GeoPackage)");
    OGRLayer* layer = ds->GetLayerByName("countries");
    if (!layer)
        throw InputError(path + ": has no layer 'countries'");
    const BBox view = layout.geographic_extent();
    const double pad = 2;
    OGRPolygon window;
    {
        auto* ring = new OGRLinearRing();
        const double w = std::max(-180.0, view.west - pad), e = std::min(180.0, view.east + pad);
        const double s = std::max(-90.0, view.south - pad), n = std::min(90.0, view.north + pad);
        ring->addPoint(w, s);
        ring->addPoint(e, s);
        ring->addPoint(e, n);
        ring->addPoint(w, n);
        ring->addPoint(w, s);
        window.addRingDirectly(ring);
        layer->SetSpatialFilterRect(w, s, e, n);
    }
    set_colour(cr, sea);
    cairo_paint(cr);
    const int name_field = layer->GetLayerDefn()->GetFieldIndex("name");
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g)
            continue;
        GeometryPtr clipped(g->Intersection(&window));
        if (!clipped || clipped->IsEmpty())
            continue;
        GeometryPtr page = to_page(*clipped, layout);
        if (!page)
            continue;
        cairo_new_path(cr);
        path_of(cr, *page);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        set_colour(cr, land);
        cairo_fill_preserve(cr);
        set_colour(cr, border);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        if (names && name_field >= 0)
            names->push_back({feature->GetFieldAsString(name_field), std::move(page)});
    }
}

// ---- the renderer ----------------------------------------------------------------------------------

class Renderer {
public:
    Renderer(cairo_t* cr, const MapLayout& layout) : cr_(cr), layout_(layout), text_(cr), placer_(layout.frame())
    {
        const Rect& f = layout.frame();
        frame_polygon_.addRingDirectly(new OGRLinearRing());
        auto* ring = frame_polygon_.getExteriorRing();
        ring->addPoint(f.x, f.y);
        ring->addPoint(f.right(), f.y);
        ring->addPoint(f.right(), f.bottom());
        ring->addPoint(f.x, f.bottom());
        ring->addPoint(f.x, f.y);
    }

    void basemap(const std::string& path, std::vector<std::string>& drawn)
    {
        cairo_save(cr_);
        clip_to_frame();
        draw_countries(cr_, layout_, path, &countries_);
        cairo_restore(cr_);
        drawn.push_back("basemap countries (Natural Earth)");
    }

    // An overview of the region around the map in box, with the map's frame outlined in red.
    void inset(const std::string& path, const Rect& box, std::vector<std::string>& drawn)
    {
        const BBox view = layout_.geographic_extent();
        const double lon = (view.west + view.east) / 2, lat = (view.south + view.north) / 2;
        const double half = std::clamp(std::max(view.east - view.west, view.north - view.south) * 4, 12.0, 60.0);
        const BBox region{lon - half, std::max(-85.0, lat - half * 0.75), lon + half, std::min(85.0, lat + half * 0.75)};
        auto projection = std::make_shared<const MapProjection>(choose_map_crs({lon - 30, lat - 20, lon + 30, lat + 20}));
        double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
        projected_bounds_of(*projection, region, min_x, min_y, max_x, max_y);
        const MapLayout overview(projection, box, min_x, min_y, max_x, max_y);
        cairo_save(cr_);
        cairo_new_path(cr_);
        cairo_rectangle(cr_, box.x, box.y, box.width, box.height);
        cairo_clip(cr_);
        draw_countries(cr_, overview, path, nullptr);
        // The main map's frame, through longitude/latitude.
        const Rect& f = layout_.frame();
        cairo_new_path(cr_);
        const int n = 20;
        bool first = true;
        for (int side = 0; side < 4; ++side)
            for (int i = 0; i < n; ++i) {
                const double t = static_cast<double>(i) / n;
                const double px = side == 0 ? f.x + f.width * t : side == 1 ? f.right() : side == 2 ? f.right() - f.width * t : f.x;
                const double py = side == 0 ? f.y : side == 1 ? f.y + f.height * t : side == 2 ? f.bottom() : f.bottom() - f.height * t;
                double x = 0, y = 0, plon = 0, plat = 0, ox = 0, oy = 0;
                layout_.page_to_map(px, py, x, y);
                if (!layout_.projection().inverse(x, y, plon, plat) || !overview.to_page(plon, plat, ox, oy))
                    continue;
                (first ? cairo_move_to : cairo_line_to)(cr_, ox, oy);
                first = false;
            }
        cairo_close_path(cr_);
        double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        cairo_path_extents(cr_, &x1, &y1, &x2, &y2);
        if (x2 - x1 < 4 && y2 - y1 < 4) {   // too small to see: a box of 4 points around it
            cairo_new_path(cr_);
            cairo_rectangle(cr_, (x1 + x2) / 2 - 2, (y1 + y2) / 2 - 2, 4, 4);
        }
        cairo_set_source_rgb(cr_, 0.85, 0.1, 0.1);
        cairo_set_line_width(cr_, 1.2);
        cairo_stroke(cr_);
        cairo_restore(cr_);
        cairo_new_path(cr_);
        cairo_rectangle(cr_, box.x, box.y, box.width, box.height);
        set_colour(cr_, ink);
        cairo_set_line_width(cr_, 0.6);
        cairo_stroke(cr_);
        drawn.push_back("inset");
    }

    void graticule()
    {
        const BBox view = layout_.geographic_extent();
        const double lon_step = graticule_step(view.east - view.west);
        const double lat_step = graticule_step(view.north - view.south);
        const Rect& f = layout_.frame();
        cairo_save(cr_);
        clip_to_frame();
        set_colour(cr_, graticule_colour);
        cairo_set_line_width(cr_, 0.35);
        const int samples = 100;
        auto polyline = [&](auto point, double from, double to) {
            std::vector<std::pair<double, double>> pts;
            for (int i = 0; i <= samples; ++i) {
                double px = 0, py = 0;
                const double t = from + (to - from) * i / samples;
                if (point(t, px, py))
                    pts.emplace_back(px, py);
            }
            cairo_new_path(cr_);
            for (std::size_t i = 0; i < pts.size(); ++i)
                (i == 0 ? cairo_move_to : cairo_line_to)(cr_, pts[i].first, pts[i].second);
            cairo_stroke(cr_);
            return pts;
        };
        std::vector<std::pair<double, std::string>> bottom, left;
        const double south = std::max(-89.9, view.south - lat_step), north = std::min(89.9, view.north + lat_step);
        for (double lon = std::ceil(view.west / lon_step) * lon_step; lon <= view.east + 1e-9; lon += lon_step) {
            auto pts = polyline([&](double lat, double& x, double& y) { return layout_.to_page(lon, lat, x, y); }, south, north);
            for (std::size_t i = 1; i < pts.size(); ++i) {
                const auto [x0, y0] = pts[i - 1];
                const auto [x1, y1] = pts[i];
                if ((y0 - f.bottom()) * (y1 - f.bottom()) <= 0 && y0 != y1) {
                    const double x = x0 + (x1 - x0) * (f.bottom() - y0) / (y1 - y0);
                    if (x > f.x + 8 && x < f.right() - 8)
                        bottom.emplace_back(x, degree_label(lon, lon_step, 'E', 'W'));
                    break;
                }
            }
        }
        const double west = view.west - lon_step, east = view.east + lon_step;
        for (double lat = std::ceil(view.south / lat_step) * lat_step; lat <= view.north + 1e-9; lat += lat_step) {
            auto pts = polyline([&](double lon, double& x, double& y) { return layout_.to_page(lon, lat, x, y); }, west, east);
            for (std::size_t i = 1; i < pts.size(); ++i) {
                const auto [x0, y0] = pts[i - 1];
                const auto [x1, y1] = pts[i];
                if ((x0 - f.x) * (x1 - f.x) <= 0 && x0 != x1) {
                    const double y = y0 + (y1 - y0) * (f.x - x0) / (x1 - x0);
                    if (y > f.y + 8 && y < f.bottom() - 8)
                        left.emplace_back(y, degree_label(lat, lat_step, 'N', 'S'));
                    break;
                }
            }
        }
        cairo_restore(cr_);
        for (const auto& [x, label] : bottom) {
            auto l = text_.layout(label, "Noto Sans 6.5");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            text_.draw(l.get(), x - w / 2, f.bottom() + 2, grey);
        }
        for (const auto& [y, label] : left) {
            auto l = text_.layout(label, "Noto Sans 6.5");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            cairo_save(cr_);
            cairo_translate(cr_, f.x - 2 - h, y + w / 2);
            cairo_rotate(cr_, -M_PI / 2);
            text_.draw(l.get(), 0, 0, grey);
            cairo_restore(cr_);
        }
    }

    // Draws one layer's features; remembers where points lie (their labels avoid them).
    void layer(const LoadedLayer& layer, std::vector<std::string>& drawn)
    {
        cairo_save(cr_);
        clip_to_frame();
        for (const auto& f : layer.features) {
            GeometryPtr page = to_page(*f.geometry, layout_);
            if (!page)
                continue;
            const Symbol& s = layer.style.symbol(f.category);
            std::optional<std::pair<double, double>> anchor;
            Rect avoid{};
            if (layer.kind->geometry == GeometryType::point) {
                const auto type = wkbFlatten(page->getGeometryType());
                const OGRPoint* p = type == wkbPoint ? page->toPoint()
                                    : type == wkbMultiPoint && !page->IsEmpty() ? page->toMultiPoint()->getGeometryRef(0)
                                                                                 : nullptr;
                if (!p)
                    continue;
                draw_marker(cr_, p->getX(), p->getY(), s);
                avoid = marker_box(p->getX(), p->getY(), s);
                placer_.reserve(avoid);
                anchor = std::make_pair(p->getX(), p->getY());
            } else {
                OGREnvelope e;
                page->getEnvelope(&e);
                if (layer.kind->geometry == GeometryType::multipolygon && std::max(e.MaxX - e.MinX, e.MaxY - e.MinY) < 4) {
                    // Too small to see at this scale: a square of 4 points in the area's style.
                    Symbol square = s;
                    square.marker = "square";
                    square.size_mm = 4 / mm / 0.9;
                    if (square.fill)
                        square.fill->a = std::max(square.fill->a, 0.8);
                    draw_marker(cr_, (e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2, square);
                } else if (layer.kind->geometry == GeometryType::multipolygon)
                    draw_area(cr_, *page, s);
                else
                    draw_line(cr_, *page, s);
                if (!f.label.empty())
                    anchor = anchor_of(*page, frame_polygon_);
            }
            if (anchor && !f.label.empty())
                pending_.push_back({f.label, anchor->first, anchor->second, layer.kind->geometry == GeometryType::point,
                                    avoid.width / 2});
        }
        cairo_restore(cr_);
        drawn.push_back("layer " + layer.kind->name + " (" + std::to_string(layer.features.size()) + ")");
    }

    // Places the feature labels (points first, then areas and lines), then country names in the gaps.
    void labels(std::size_t& placed, std::size_t& dropped)
    {
        std::vector<PlacedLabel> out;
        const Colour label_colour{0.1, 0.1, 0.1, 1};
        std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) { return a.point > b.point; });
        for (const auto& p : pending_) {
            // Long names wrap at 120 points, three lines at most, ellipsised after.
            auto l = text_.layout(p.text, "Noto Sans 6.5", 120);
            pango_layout_set_height(l.get(), -3);
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            std::vector<Rect> candidates;
            if (p.point) {
                const double g = p.radius + 1;
                candidates = {{p.x + g, p.y - h / 2, w, h}, {p.x - g - w, p.y - h / 2, w, h}, {p.x - w / 2, p.y - g - h, w, h},
                              {p.x - w / 2, p.y + g, w, h}, {p.x + g * 0.7, p.y - g * 0.7 - h, w, h},
                              {p.x + g * 0.7, p.y + g * 0.7, w, h}, {p.x - g * 0.7 - w, p.y - g * 0.7 - h, w, h},
                              {p.x - g * 0.7 - w, p.y + g * 0.7, w, h}};
            } else {
                candidates = {{p.x - w / 2, p.y - h / 2, w, h}, {p.x - w / 2, p.y - h * 1.5, w, h}, {p.x - w / 2, p.y + h / 2, w, h}};
            }
            if (auto box = placer_.place(candidates)) {
                out.push_back({std::move(l), *box, label_colour});
                ++placed;
            } else {
                ++dropped;
            }
        }
        // Country names: only where they fit, never over a feature label or a marker.
        for (const auto& c : countries_) {
            auto anchor = anchor_of(*c.page, frame_polygon_);
            if (!anchor || c.name.empty())
                continue;
            auto l = text_.layout(c.name, "Noto Sans Italic 8.5");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            const auto [x, y] = *anchor;
            if (auto box = placer_.place({{x - w / 2, y - h / 2, w, h}, {x - w / 2, y + h, w, h}, {x - w / 2, y - 2 * h, w, h}}))
                out.insert(out.begin(), PlacedLabel{std::move(l), *box, Colour{0.45, 0.42, 0.38, 1}});
        }
        for (const auto& p : out)
            text_.draw(p.layout.get(), p.box.x, p.box.y, p.colour, 2.0);
    }

    void frame()
    {
        const Rect& f = layout_.frame();
        cairo_new_path(cr_);
        cairo_rectangle(cr_, f.x, f.y, f.width, f.height);
        set_colour(cr_, ink);
        cairo_set_line_width(cr_, 0.8);
        cairo_stroke(cr_);
    }

    const TextRenderer& text() const { return text_; }

private:
    void clip_to_frame()
    {
        const Rect& f = layout_.frame();
        cairo_new_path(cr_);
        cairo_rectangle(cr_, f.x, f.y, f.width, f.height);
        cairo_clip(cr_);
    }

    struct Pending {
        std::string text;
        double x, y;
        bool point;
        double radius;
    };

    cairo_t* cr_;
    const MapLayout& layout_;
    TextRenderer text_;
    LabelPlacer placer_;
    OGRPolygon frame_polygon_;
    std::vector<Country> countries_;
    std::vector<Pending> pending_;
};

// ---- the side panel: legend, scale bar, north arrow, projection, date, credits ----------------------

// The legend of what is drawn, flowing into a second column when one does not hold it.
void draw_legend(cairo_t* cr, const TextRenderer& text, const std::vector<LoadedLayer>& layers, double x, double y,
                 double width, double bottom, int columns)
{
    y += text.text("Legend", "Noto Sans Bold 9", x, y, ink) + 3;
    const double top = y;
    const double column_width = width / columns - (columns > 1 ? 6 : 0);
    int column = 0;
    auto room = [&](double needed) {
        if (y + needed <= bottom)
            return true;
        if (column + 1 >= columns)
            return false;
        ++column;
        x += width / columns;
        y = top;
        return true;
    };
    for (const auto& layer : layers) {
        if (!room(24)) {
            text.text("… (more than fits)", "Noto Sans Italic 7", x, y, grey);
            return;
        }
        y += text.text(layer.kind->title, "Noto Sans Bold 7.5", x, y, ink, column_width) + 1.5;
        for (std::size_t i = 0; i < layer.category_counts.size(); ++i) {
            const std::size_t count = layer.category_counts[i];
            if (count == 0)
                continue;
            const double row = 11;
            if (!room(row)) {
                text.text("… (more than fits)", "Noto Sans Italic 7", x, y, grey);
                return;
            }
            const bool other = i + 1 == layer.category_counts.size();
            const Symbol& s = layer.style.symbol(other ? -1 : static_cast<int>(i));
            const double cy = y + row / 2;
            if (layer.kind->geometry == GeometryType::point) {
                draw_marker(cr, x + 8, cy, s);
            } else if (layer.kind->geometry == GeometryType::multilinestring) {
                cairo_new_path(cr);
                cairo_move_to(cr, x + 1, cy);
                cairo_line_to(cr, x + 15, cy);
                stroke_with(cr, s, false);
            } else {
                cairo_new_path(cr);
                cairo_rectangle(cr, x + 1, cy - 4, 14, 8);
                if (s.fill) {
                    set_colour(cr, *s.fill);
                    cairo_fill_preserve(cr);
                }
                stroke_with(cr, s, false);
            }
            const std::string label = (other ? std::string("Other") : s.label) + " (" + std::to_string(count) + ")";
            auto l = text.layout(label, "Noto Sans 7", column_width - 20);
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            text.draw(l.get(), x + 20, cy - std::min(h, row) / 2, ink);
            y += std::max(row, h) + 1;
        }
        y += 4;
    }
}

void draw_north_arrow(cairo_t* cr, const TextRenderer& text, const MapLayout& layout, double x, double y)
{
    // The direction of north at the map's centre, on the page.
    double lon = 0, lat = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double angle = 0;
    if (layout.projection().inverse(layout.centre_x(), layout.centre_y(), lon, lat) && layout.to_page(lon, lat, x0, y0) &&
        layout.to_page(lon, std::min(89.99, lat + 0.05), x1, y1))
        angle = std::atan2(x1 - x0, -(y1 - y0));
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    const double h = 16;
    cairo_new_path(cr);
    cairo_move_to(cr, 0, -h);
    cairo_line_to(cr, 6, h * 0.6);
    cairo_line_to(cr, 0, h * 0.25);
    cairo_close_path(cr);
    set_colour(cr, ink);
    cairo_fill(cr);
    cairo_move_to(cr, 0, -h);
    cairo_line_to(cr, -6, h * 0.6);
    cairo_line_to(cr, 0, h * 0.25);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    set_colour(cr, ink);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    auto l = text.layout("N", "Noto Sans Bold 9");
    double w = 0, th = 0;
    TextRenderer::size(l.get(), w, th);
    text.draw(l.get(), -w / 2, -h - th - 1, ink);
    cairo_restore(cr);
}

// The bar with its label; returns the height used.
double draw_scale_bar(cairo_t* cr, const TextRenderer& text, const MapLayout& layout, const ScaleBar& bar, double x,
                      double y)
{
    const double length = bar.map_length * layout.scale();
    const double seg = length / bar.segments;
    for (int i = 0; i < bar.segments; ++i) {
        cairo_new_path(cr);
        cairo_rectangle(cr, x + i * seg, y, seg, 4);
        if (i % 2 == 0)
            set_colour(cr, ink);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_colour(cr, ink);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    auto zero = text.layout("0", "Noto Sans 7");
    auto end = text.layout(bar.label, "Noto Sans 7");
    double w = 0, h = 0;
    TextRenderer::size(zero.get(), w, h);
    text.draw(zero.get(), x - w / 2, y + 5, ink);
    TextRenderer::size(end.get(), w, h);
    text.draw(end.get(), x + length - w / 2, y + 5, ink);
    return 5 + h;
}

// ---- extent and layout ---------------------------------------------------------------------------

BBox features_extent(const std::vector<LoadedLayer>& layers)
{
    OGREnvelope all;
    for (const auto& l : layers)
        for (const auto& f : l.features) {
            OGREnvelope e;
            f.geometry->getEnvelope(&e);
            all.Merge(e);
        }
    const double lon_margin = std::max(0.02, (all.MaxX - all.MinX) * 0.12);
    const double lat_margin = std::max(0.02, (all.MaxY - all.MinY) * 0.12);
    return {std::max(-180.0, all.MinX - lon_margin), std::max(-89.0, all.MinY - lat_margin),
            std::min(180.0, all.MaxX + lon_margin), std::min(89.0, all.MaxY + lat_margin)};
}

std::vector<Selection> selections(const MapOptions& options)
{
    std::vector<std::optional<std::string>> projects;
    if (options.projects.empty())
        projects.emplace_back();
    for (const auto& p : options.projects)
        projects.emplace_back(p);
    std::vector<std::optional<BBox>> boxes;
    if (!options.bbox)
        boxes.emplace_back();
    else if (options.bbox->west <= options.bbox->east)
        boxes.emplace_back(options.bbox);
    else {   // across the antimeridian: two boxes
        boxes.emplace_back(BBox{options.bbox->west, options.bbox->south, 180, options.bbox->north});
        boxes.emplace_back(BBox{-180, options.bbox->south, options.bbox->east, options.bbox->north});
    }
    std::vector<Selection> out;
    for (const auto& p : projects)
        for (const auto& b : boxes)
            out.push_back({b, p, std::nullopt});
    return out;
}

std::vector<LoadedLayer> load_layers(Store& store, const MapOptions& options)
{
    std::vector<const LayerKind*> kinds;
    if (options.layers.empty()) {
        for (const auto& k : store.layer_kinds())
            kinds.push_back(&k);
    } else {
        for (const auto& name : options.layers)
            kinds.push_back(&store.layer_kind(name));
    }
    // Areas under lines under points.
    std::stable_sort(kinds.begin(), kinds.end(), [](const LayerKind* a, const LayerKind* b) {
        auto rank = [](GeometryType t) { return t == GeometryType::multipolygon ? 0 : t == GeometryType::multilinestring ? 1 : 2; };
        return rank(a->geometry) < rank(b->geometry);
    });
    std::vector<LoadedLayer> out;
    for (const LayerKind* kind : kinds) {
        std::optional<Filter> filter;
        if (!options.where.empty()) {
            try {
                filter = Filter::parse(options.where, *kind, &store.commodities());
            } catch (const InputError& e) {
                throw InputError("layer '" + kind->name + "': " + e.what() +
                                 (options.layers.empty() ? " (choose the layers it applies to with --layers)" : ""));
            }
        }
        LoadedLayer layer;
        layer.kind = kind;
        layer.style = parse_style(*kind);
        const std::string label_field = options.labels.empty() ? layer.style.label_field : options.labels;
        if (!label_field.empty() && label_field != "none" && label_field != "id" && label_field != "project" &&
            !kind->field(label_field) && !options.layers.empty())
            throw InputError("--labels: layer '" + kind->name + "' has no field '" + label_field + "'");
        layer.category_counts.assign(layer.style.categories.size() + 1, 0);
        std::set<std::string> seen;
        for (const auto& selection : selections(options))
            store.scan(kind->name, selection, [&](const Feature& f) {
                if (filter && !filter->matches(f))
                    return true;
                if (!seen.insert(f.id).second)
                    return true;
                MapFeature m;
                m.id = f.id;
                m.label = label_of(f, label_field);
                m.category = layer.style.category_of(f);
                m.geometry = from_wkb(f.wkb);
                ++layer.category_counts[m.category < 0 ? layer.style.categories.size() : static_cast<std::size_t>(m.category)];
                layer.features.push_back(std::move(m));
                return true;
            });
        if (!layer.features.empty())
            out.push_back(std::move(layer));
    }
    return out;
}

std::string describe_request(const MapOptions& options)
{
    std::vector<std::string> parts;
    if (!options.projects.empty())
        parts.push_back("project " + join(options.projects, ", "));
    if (!options.layers.empty())
        parts.push_back("layers " + join(options.layers, ", "));
    if (options.bbox) {
        char text[128];
        std::snprintf(text, sizeof text, "bbox %g,%g,%g,%g", options.bbox->west, options.bbox->south, options.bbox->east,
                      options.bbox->north);
        parts.push_back(text);
    }
    if (!options.where.empty())
        parts.push_back("where " + options.where);
    return parts.empty() ? "everything" : join(parts, "; ");
}

// The map CRS window of a longitude/latitude box, sampled along its edges.
void projected_bounds_of(const MapProjection& projection, const BBox& box, double& min_x, double& min_y, double& max_x,
                         double& max_y)
{
    min_x = min_y = HUGE_VAL;
    max_x = max_y = -HUGE_VAL;
    double east = box.east;
    if (box.west > east)
        east += 360;
    const int n = 40;
    for (int i = 0; i <= n; ++i)
        for (int j = 0; j <= n; ++j) {
            if (i != 0 && i != n && j != 0 && j != n)
                continue;
            double lon = box.west + (east - box.west) * i / n;
            if (lon > 180)
                lon -= 360;
            const double lat = box.south + (box.north - box.south) * j / n;
            double x = 0, y = 0;
            if (!projection.forward(lon, lat, x, y))
                continue;
            min_x = std::min(min_x, x);
            max_x = std::max(max_x, x);
            min_y = std::min(min_y, y);
            max_y = std::max(max_y, y);
        }
    if (!(min_x < max_x && min_y < max_y))
        throw InputError("the map's extent cannot be drawn in " + projection.name() + " (PROJ cannot project it)");
}

void add_svg_description(const std::string& path, const std::string& title, const std::vector<std::string>& drawn)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string svg = buffer.str();
    in.close();
    const auto open = svg.find("<svg");
    const auto end = open == std::string::npos ? open : svg.find('>', open);
    if (end == std::string::npos)
        throw Error(path + ": Cairo wrote no <svg> element");
    auto escape = [](const std::string& s) {
        std::string out;
        for (char c : s)
            out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
        return out;
    };
    std::string meta = "\n<title>" + escape(title) + "</title>\n<desc>lode map; drawn in this order: " +
                       escape(join(drawn, "; ")) + "</desc>\n";
    for (const auto& d : drawn)
        meta += "<!-- lode:" + escape(d) + " -->\n";
    svg.insert(end + 1, meta);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << svg;
    if (!out)
        throw InputError(path + ": cannot write");
}

} // namespace

// ---- public ---------------------------------------------------------------------------------------

MapFormat map_format_of(const std::string& path)
{
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    if (ext == ".pdf")
        return MapFormat::pdf;
    if (ext == ".svg")
        return MapFormat::svg;
    if (ext == ".png")
        return MapFormat::png;
    throw InputError(path + ": cannot tell the format from the extension '" + ext + "'; use .pdf, .svg or .png");
}

PageSize page_size(const std::string& name, bool landscape)
{
    const std::string n = lower(name);
    PageSize p;
    if (n == "a4")
        p = {595.276, 841.890};
    else if (n == "a3")
        p = {841.890, 1190.551};
    else if (n == "letter")
        p = {612, 792};
    else
        throw InputError("--page: '" + name + "' is not one of A4, A3, letter");
    if (landscape)
        std::swap(p.width_pt, p.height_pt);
    return p;
}

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

MapReport render_map(Store& store, const MapOptions& options)
{
    MapReport report;
    report.output = options.output;
    report.format = map_format_of(options.output);
    report.page = page_size(options.page, options.landscape);
    if (options.dpi < 36 || options.dpi > 1200)
        throw InputError("--dpi: " + std::to_string(options.dpi) + " is not within 36 to 1200");

    std::vector<Project> projects;
    for (const auto& code : options.projects) {
        Project p;
        projects.push_back(store.require_project(code, p));
    }
    if (options.projects.empty())
        projects = store.projects();

    const QuietGdal quiet;   // GEOS's complaints about the basemap's odd polygon go nowhere
    std::vector<LoadedLayer> layers = load_layers(store, options);
    if (layers.empty())
        throw InputError("nothing to map: no feature matches (" + describe_request(options) + ")");

    const BBox extent = options.bbox ? *options.bbox : features_extent(layers);
    report.crs = options.crs.empty() ? choose_map_crs(extent) : options.crs;
    auto projection = std::make_shared<const MapProjection>(report.crs);
    report.crs_name = projection->name();

    // Page layout: title band on top, the map frame, and a side panel (landscape) or a bottom panel.
    const PageSize page = report.page;
    const double margin = 28, title_h = 44, gap = 16;
    Rect frame, panel;
    if (options.landscape) {
        const double panel_w = std::max(170.0, page.width_pt * 0.22);
        frame = {margin + 12, margin + title_h, page.width_pt - 2 * margin - 12 - panel_w - gap, 0};
        frame.height = page.height_pt - frame.y - margin - 12;
        panel = {frame.right() + gap, frame.y, panel_w, frame.height};
    } else {
        const double panel_h = std::max(190.0, page.height_pt * 0.24);
        frame = {margin + 12, margin + title_h, page.width_pt - 2 * margin - 12, 0};
        frame.height = page.height_pt - frame.y - margin - panel_h - gap - 12;
        panel = {margin, frame.bottom() + gap + 12, page.width_pt - 2 * margin, panel_h};
    }
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    projected_bounds_of(*projection, extent, min_x, min_y, max_x, max_y);
    report.layout = std::make_unique<MapLayout>(projection, frame, min_x, min_y, max_x, max_y);
    const MapLayout& layout = *report.layout;
    report.extent = layout.geographic_extent();
    report.scale_bar = scale_bar(*projection, layout.centre_x(), layout.centre_y(),
                                 std::min(panel.width - 30, frame.width * 0.3) / layout.scale());

    TempFile temp(options.output);
    SurfacePtr surface;
    const double px_per_pt = options.dpi / 72.0;
    switch (report.format) {
    case MapFormat::pdf:
        surface.reset(cairo_pdf_surface_create(temp.path().c_str(), page.width_pt, page.height_pt));
        break;
    case MapFormat::svg:
        surface.reset(cairo_svg_surface_create(temp.path().c_str(), page.width_pt, page.height_pt));
        break;
    case MapFormat::png:
        surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(std::lround(page.width_pt * px_per_pt)),
                                                 static_cast<int>(std::lround(page.height_pt * px_per_pt))));
        break;
    }
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError(options.output + ": cannot create the map: " + cairo_status_to_string(cairo_surface_status(surface.get())));

    std::string title = options.title;
    if (title.empty()) {
        std::vector<std::string> names;
        for (const auto& p : projects)
            names.push_back(p.name.empty() ? p.code : p.name);
        title = options.projects.empty() ? "Exploration programmes" : join(names, " · ");
    }
    if (report.format == MapFormat::pdf) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "lode " LODE_VERSION);
    }

    std::vector<std::string> drawn;
    {
        CairoPtr cr(cairo_create(surface.get()));
        if (report.format == MapFormat::png)
            cairo_scale(cr.get(), px_per_pt, px_per_pt);
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());

        Renderer renderer(cr.get(), layout);
        const TextRenderer& text = renderer.text();
        const std::string basemap = options.basemap.empty() ? default_basemap() : options.basemap;
        renderer.basemap(basemap, drawn);
        renderer.graticule();
        for (const auto& layer : layers) {
            renderer.layer(layer, drawn);
            report.layers.push_back({layer.kind->name, layer.features.size()});
        }
        renderer.labels(report.labels_placed, report.labels_dropped);
        renderer.frame();

        // Title band.
        double ty = margin - 6;
        ty += text.text(title, "Noto Sans Bold 15", margin, ty, ink, page.width_pt - 2 * margin);
        std::string subtitle = options.subtitle;
        if (subtitle.empty()) {
            std::vector<std::string> codes;
            for (const auto& p : projects)
                codes.push_back(p.code);
            subtitle = (options.projects.empty() ? "All programmes" : join(codes, ", ")) + " — " +
                       join([&] {
                           std::vector<std::string> names;
                           for (const auto& l : layers)
                               names.push_back(l.kind->title);
                           return names;
                       }(), ", ");
        }
        text.text(subtitle, "Noto Sans 9", margin, ty, grey, page.width_pt - 2 * margin);
        drawn.push_back("title " + title);

        // Panel: legend, the overview inset, then north arrow and scale bar, projection, date and credits.
        const bool side = options.landscape;
        const double column = side ? panel.width : panel.width * 0.55;
        // The legend's height, estimated: a heading per layer and a row per category drawn.
        double legend_h = 20;
        for (const auto& l : layers)
            legend_h += 17 + 12 * static_cast<double>(std::count_if(l.category_counts.begin(), l.category_counts.end(),
                                                                     [](std::size_t n) { return n > 0; }));
        const BBox seen = layout.geographic_extent();
        // The inset gives way to the legend on a full panel, and is pointless for a continent.
        const bool inset = options.inset && seen.east - seen.west < 60 &&
                           (!side || legend_h <= panel.height - 175 - 115);
        const double info_h = 175, inset_h = inset ? 105 : 0;
        const double ix = side ? panel.x : panel.x + column + 12;
        const double iw = side ? panel.width : panel.width - column - 12;
        double iy = side ? panel.bottom() - info_h : panel.y + (inset ? inset_h + 10 : 0);
        const double legend_bottom = side ? iy - inset_h - 14 : panel.bottom();
        draw_legend(cr.get(), text, layers, panel.x, panel.y, column, legend_bottom, legend_h > legend_bottom - panel.y ? 2 : 1);
        drawn.push_back("legend");
        if (inset)
            renderer.inset(basemap, {ix, side ? iy - inset_h - 6 : panel.y, iw, inset_h}, drawn);
        draw_north_arrow(cr.get(), text, layout, ix + 12, iy + 30);
        iy += draw_scale_bar(cr.get(), text, layout, report.scale_bar, ix + 36, iy + 26) + 36;
        auto at_centre = text.layout("Scale true at the map centre", "Noto Sans 6.5");
        text.draw(at_centre.get(), ix + 36, iy - 10, grey);
        drawn.push_back("scale bar " + report.scale_bar.label);
        iy += 2;
        iy += text.text("Projection: " + report.crs_name, "Noto Sans 7", ix, iy, ink, iw) + 3;
        iy += text.text("Date: " + (options.date.empty() ? utc_now("%Y-%m-%d") : options.date), "Noto Sans 7", ix, iy, ink, iw) + 3;
        std::vector<std::string> sources;
        for (const auto& p : projects)
            if (!p.source.empty() && std::find(sources.begin(), sources.end(), p.source) == sources.end())
                sources.push_back(p.source);
        std::string credits = "Basemap: Natural Earth (public domain).";
        if (!sources.empty())
            credits += " Data: " + join(sources, "; ") + ".";
        credits += " Map: lode " LODE_VERSION ".";
        text.text(credits, "Noto Sans 6", ix, iy, grey, iw);
        drawn.push_back("credits");
        cairo_surface_flush(surface.get());
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            throw Error(options.output + ": drawing failed: " + cairo_status_to_string(cairo_status(cr.get())));
    }
    if (report.format == MapFormat::png) {
        const cairo_status_t status = cairo_surface_write_to_png(surface.get(), temp.path().c_str());
        if (status != CAIRO_STATUS_SUCCESS)
            throw InputError(options.output + ": cannot write: " + cairo_status_to_string(status));
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError(options.output + ": cannot write: " + cairo_status_to_string(cairo_surface_status(surface.get())));
    surface.reset();
    if (report.format == MapFormat::svg)
        add_svg_description(temp.path(), title, drawn);
    temp.commit();
    return report;
}

} // namespace lode
