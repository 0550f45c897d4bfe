// The Natural Earth country basemap under the map and in its overview inset.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/countries.hpp"
#include "lode/geo/gdal.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace lode::map {

std::string default_geodata_file(const std::string& relative)
{
    return (std::filesystem::path(default_layers_dir()).parent_path() / "geodata" / relative).string();
}

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
        drop_world_spanning_parts(*clipped);
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

void draw_basemap(Canvas& canvas, const std::string& path)
{
    cairo_save(canvas.cr);
    canvas.clip_to_frame();
    draw_countries(canvas.cr, canvas.layout, path, &canvas.countries);
    cairo_restore(canvas.cr);
}

namespace {

// The region an inset shows: around the map's view, or, with features left out of the extent, the
// view and every one of them (longitudes taken within 180° of the view's centre), with a margin.
BBox inset_region(const BBox& view, const MapLeftOut& far)
{
    const double lon = (view.west + view.east) / 2, lat = (view.south + view.north) / 2;
    if (far.centres.empty()) {
        const double half = std::clamp(std::max(view.east - view.west, view.north - view.south) * 4, 12.0, 60.0);
        return {lon - half, std::max(-85.0, lat - half * 0.75), lon + half, std::min(85.0, lat + half * 0.75)};
    }
    BBox r = view;
    for (auto [x, y] : far.centres) {
        while (x < lon - 180)
            x += 360;
        while (x > lon + 180)
            x -= 360;
        r.west = std::min(r.west, x);
        r.east = std::max(r.east, x);
        r.south = std::min(r.south, y);
        r.north = std::max(r.north, y);
    }
    const double margin = std::max({(r.east - r.west) * 0.15, (r.north - r.south) * 0.15, 3.0});
    r = {r.west - margin, std::max(-85.0, r.south - margin), r.east + margin, std::min(85.0, r.north + margin)};
    if (r.east - r.west >= 360)
        return {-180, r.south, 180, r.north};
    if (r.west < -180)
        r.west += 360;   // west > east: across the antimeridian
    if (r.east > 180)
        r.east -= 360;
    return r;
}

} // namespace

void draw_inset(Canvas& canvas, const std::string& path, const Rect& box, const MapLeftOut& far,
                std::vector<std::string>& drawn)
{
    cairo_t* cr = canvas.cr;
    const MapLayout& layout = canvas.layout;
    const BBox view = layout.geographic_extent();
    const BBox region = inset_region(view, far);
    // Without far features: an equal-area view of 60° × 40° around the map; with them, of the region.
    const double lon = (view.west + view.east) / 2, lat = (view.south + view.north) / 2;
    auto projection = std::make_shared<const MapProjection>(
        choose_map_crs(far.centres.empty() ? BBox{lon - 30, lat - 20, lon + 30, lat + 20} : region));
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    projected_bounds_of(*projection, region, min_x, min_y, max_x, max_y);
    const MapLayout overview(projection, box, min_x, min_y, max_x, max_y);
    {
        char window[320];
        std::snprintf(window, sizeof window, "inset frame %.3f %.3f %.3f %.3f shows x %.3f to %.3f, y %.3f to %.3f in ",
                      box.x, box.y, box.width, box.height, overview.min_x(), overview.max_x(), overview.min_y(),
                      overview.max_y());
        drawn.push_back(window + projection->definition());
    }
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    cairo_clip(cr);
    draw_countries(cr, overview, path, nullptr);
    // The main map's frame, through longitude/latitude.
    const Rect& f = layout.frame();
    cairo_new_path(cr);
    const int n = 20;
    bool first = true;
    for (int side = 0; side < 4; ++side)
        for (int i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / n;
            const double px = side == 0 ? f.x + f.width * t : side == 1 ? f.right() : side == 2 ? f.right() - f.width * t : f.x;
            const double py = side == 0 ? f.y : side == 1 ? f.y + f.height * t : side == 2 ? f.bottom() : f.bottom() - f.height * t;
            double x = 0, y = 0, plon = 0, plat = 0, ox = 0, oy = 0;
            layout.page_to_map(px, py, x, y);
            if (!layout.projection().inverse(x, y, plon, plat) || !overview.to_page(plon, plat, ox, oy))
                continue;
            (first ? cairo_move_to : cairo_line_to)(cr, ox, oy);
            first = false;
        }
    cairo_close_path(cr);
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    cairo_path_extents(cr, &x1, &y1, &x2, &y2);
    if (x2 - x1 < 4 && y2 - y1 < 4) {   // too small to see: a box of 4 points around it
        cairo_new_path(cr);
        cairo_rectangle(cr, (x1 + x2) / 2 - 2, (y1 + y2) / 2 - 2, 4, 4);
    }
    const Colour red{0.85, 0.1, 0.1, 1};
    set_colour(cr, red);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    // The features left out: a red dot each, the first few named.
    std::size_t named = 0;
    for (const auto& [flon, flat] : far.centres) {
        double ox = 0, oy = 0;
        if (!overview.to_page(flon, flat, ox, oy))
            continue;
        cairo_new_path(cr);
        cairo_arc(cr, ox, oy, 2.5, 0, 2 * M_PI);
        set_colour(cr, red);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        for (const auto& feature : far.features)
            if (feature.lon == flon && feature.lat == flat && !feature.id.empty() && named < 3) {
                auto label = canvas.text.layout(feature.id, "Noto Sans 6");
                double w = 0, h = 0;
                TextRenderer::size(label.get(), w, h);
                const double lx = ox + 4 + w <= box.right() ? ox + 4 : ox - 4 - w;
                canvas.text.draw(label.get(), lx, oy - h / 2, ink);
                char at[160];
                std::snprintf(at, sizeof at, "inset far %s at %.6f %.6f", feature.id.c_str(), flon, flat);
                drawn.push_back(at);
                ++named;
                break;
            }
    }
    cairo_restore(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    set_colour(cr, ink);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

} // namespace lode::map
