// `lode map`: the page and its layout — the page sizes, the output file written whole or not at
// all (the world → page transform, MapLayout, is projection.cpp's) — and render_map, which draws the parts (layers.cpp,
// labels.cpp, basemap.cpp, graticule.cpp, furniture.cpp, corridor.cpp) in order.
#include "lode/map/render.hpp"
#include "lode/map/detail/canvas.hpp"
#include "lode/map/detail/drill_plan.hpp"

#include "lode/base/atomic_output.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/base/text.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace lode {

namespace map {

GeometryPtr from_wkb(const std::vector<unsigned char>& wkb)
{
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
        throw Error("a stored geometry is not valid WKB");
    return GeometryPtr(g);
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

Canvas::Canvas(cairo_t* cr_, const MapLayout& layout_, double pixel_pt)
    : cr(cr_), layout(layout_), pixel(pixel_pt), text(cr_), placer(layout_.frame())
{
    const Rect& f = layout.frame();
    auto* ring = new OGRLinearRing();
    ring->addPoint(f.x, f.y);
    ring->addPoint(f.right(), f.y);
    ring->addPoint(f.right(), f.bottom());
    ring->addPoint(f.x, f.bottom());
    ring->addPoint(f.x, f.y);
    frame_polygon.addRingDirectly(ring);
}

void Canvas::clip_to_frame() const
{
    const Rect& f = layout.frame();
    cairo_new_path(cr);
    cairo_rectangle(cr, f.x, f.y, f.width, f.height);
    cairo_clip(cr);
}

} // namespace map

namespace map {

void finish_page(SurfacePtr surface, MapFormat format, const AtomicOutput& folder, const std::string& output,
                 const std::string& title, const std::vector<std::string>& drawn)
{
    const std::string file = std::filesystem::path(output).filename().string();
    const std::string temp = (folder / file).string();
    if (format == MapFormat::png) {
        const cairo_status_t status = cairo_surface_write_to_png(surface.get(), temp.c_str());
        if (status != CAIRO_STATUS_SUCCESS)
            throw InputError(output + ": cannot write: " + cairo_status_to_string(status));
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError(output + ": cannot write: " + cairo_status_to_string(cairo_surface_status(surface.get())));
    surface.reset();
    if (format == MapFormat::svg)
        add_svg_description(temp, title, drawn);
    try {
        folder.commit(file, output);
    } catch (const std::filesystem::filesystem_error& e) {
        throw InputError(output + ": cannot write: " + e.code().message());
    }
}

// The folder the map is drawn in, beside OUT.
AtomicOutput output_folder(const std::string& output)
{
    const std::filesystem::path p(output);
    try {
        return AtomicOutput(p.parent_path(), p.filename().string());
    } catch (const std::filesystem::filesystem_error& e) {
        throw InputError(output + ": cannot write here: " + e.code().message());
    }
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

} // namespace map

using namespace map;

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
    if (ext == ".tif" || ext == ".tiff")
        return MapFormat::tif;
    throw InputError(path + ": cannot tell the format from the extension '" + ext + "'; use .pdf, .svg, .png or .tif");
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
        throw InputError(mention(Setting::page) + ": '" + name + "' is not one of A4, A3, letter");
    if (landscape)
        std::swap(p.width_pt, p.height_pt);
    return p;
}

namespace map {

// Title band on top, the map frame, and a side panel (landscape) or a bottom panel (portrait).
PageLayout page_layout(const PageSize& page, bool landscape)
{
    const double margin = 28, title_h = 44, gap = 16;
    PageLayout l;
    if (landscape) {
        const double panel_w = std::max(170.0, page.width_pt * 0.22);
        l.frame = {margin + 12, margin + title_h, page.width_pt - 2 * margin - 12 - panel_w - gap, 0};
        l.frame.height = page.height_pt - l.frame.y - margin - 12;
        l.panel = {l.frame.right() + gap, l.frame.y, panel_w, l.frame.height};
    } else {
        const double panel_h = std::max(190.0, page.height_pt * 0.24);
        l.frame = {margin + 12, margin + title_h, page.width_pt - 2 * margin - 12, 0};
        l.frame.height = page.height_pt - l.frame.y - margin - panel_h - gap - 12;
        l.panel = {margin, l.frame.bottom() + gap + 12, page.width_pt - 2 * margin, panel_h};
    }
    return l;
}

SurfacePtr create_surface(MapFormat format, const std::string& path, const PageSize& page, double px_per_pt)
{
    switch (format) {
    case MapFormat::pdf:
        return SurfacePtr(cairo_pdf_surface_create(path.c_str(), page.width_pt, page.height_pt));
    case MapFormat::svg:
        return SurfacePtr(cairo_svg_surface_create(path.c_str(), page.width_pt, page.height_pt));
    case MapFormat::png:
    case MapFormat::tif:
        break;
    }
    return SurfacePtr(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(std::lround(page.width_pt * px_per_pt)),
                                                 static_cast<int>(std::lround(page.height_pt * px_per_pt))));
}

} // namespace map

namespace {

std::string default_subtitle(const MapOptions& options, const std::vector<Project>& projects,
                             const std::vector<LoadedLayer>& layers)
{
    std::vector<std::string> codes, names;
    for (const auto& p : projects)
        codes.push_back(p.code);
    for (const auto& l : layers)
        names.push_back(l.kind->title);
    return (options.projects.empty() ? "All programmes" : join(codes, ", ")) + " — " + join(names, ", ");
}

// What a map shows in its frame, and the words about it: the selected layers, or the programmes'
// overview.
struct Content {
    BBox extent;
    std::string crs;                        // the projection when none is asked for
    std::string title, subtitle;            // the defaults
    std::vector<std::string> sources;       // credits beyond the projects'
    MapLeftOut left_out;                    // features the default extent leaves out
    // Draws into the frame; adds to the report and to what was drawn; returns the legend.
    std::function<std::vector<LegendGroup>(Canvas&, MapReport&, std::vector<std::string>&)> draw;
};

// `lode map --all`: every programme's area of interest, the home institute joined to its partners.
Content overview(Store& store, const MapOptions& options, const std::string& basemap, MapReport& report)
{
    std::shared_ptr<const Programmes> programmes = survey_programmes(store, options, basemap, report);
    Content c;
    c.extent = programmes_extent(*programmes);
    // An equal-area world projection: the areas of interest compare fairly wherever they are.
    c.crs = "EPSG:8857";
    c.title = programmes->home.institute.short_name + " joint exploration programmes and partners";
    c.subtitle = std::to_string(programmes->areas.size()) + " programmes; corridors from " +
                 programmes->home.institute.short_name + " (" + programmes->home.institute.place + ") to " +
                 std::to_string(programmes->partners.size()) + " partner institutes";
    c.sources = {"institute positions from geodata/institutes.csv (FACTS-geodata.md, Wikipedia)"};
    c.draw = [programmes](Canvas& canvas, MapReport&, std::vector<std::string>& drawn) {
        auto legend = draw_programmes(canvas, *programmes);
        drawn.push_back("areas of interest (" + std::to_string(programmes->areas.size()) + ")");
        drawn.push_back("corridors (" + std::to_string(programmes->partners.size()) + ")");
        return legend;
    };
    return c;
}

// The selected features of the selected layers.
Content layers_map(Store& store, const MapOptions& options, const std::vector<Project>& projects)
{
    auto layers = std::make_shared<std::vector<LoadedLayer>>(survey_layers(store, options));
    if (layers->empty())
        throw InputError("nothing to map: no feature matches (" + describe_request(options) + ")");
    Content c;
    c.extent = options.bbox ? *options.bbox : default_extent(store, options, *layers, c.left_out);
    c.crs = choose_map_crs(c.extent);
    std::vector<std::string> names;
    for (const auto& p : projects)
        names.push_back(p.name.empty() ? p.code : p.name);
    c.title = options.projects.empty() ? "Exploration programmes" : join(names, " · ");
    c.subtitle = default_subtitle(options, projects, *layers);
    c.draw = [&store, &options, layers](Canvas& canvas, MapReport& report, std::vector<std::string>& drawn) {
        for (auto& layer : *layers) {
            if (layer.kind->name == "drillholes" && options.drill.traces)   // under the collars
                draw_drill_plan(canvas, store, options, layer, report.drill, drawn);
            draw_layer(canvas, store, options, layer);
            report.layers.push_back({layer.kind->name, layer.drawn});
            drawn.push_back("layer " + layer.kind->name + " (" + std::to_string(layer.drawn) + ")");
            if (!layer.labelled && layer.label_field != "none")
                report.notes.push_back(layer.kind->title + ": " + std::to_string(layer.features) +
                                       " features, too many to label");
        }
        auto legend = legend_of(*layers);
        for (auto& group : drill_plan_legend(options.drill, report.drill, drawn))
            legend.push_back(std::move(group));
        // Graduated symbols: the breaks, then each class as the legend says it.
        for (const auto& layer : *layers)
            if (layer.graduated) {
                std::string breaks;
                for (double b : layer.graduated->breaks) {
                    char t[32];
                    std::snprintf(t, sizeof t, " %.4g", b);
                    breaks += t;
                }
                drawn.push_back("legend " + layer.kind->name + " " + layer.graduated->field + " " +
                                to_string(layer.graduated->classes) + " breaks" + breaks);
                for (const auto& group : legend)
                    if (group.title.rfind(layer.kind->title + ": ", 0) == 0)
                        for (const auto& entry : group.entries)
                            drawn.push_back("legend " + entry.text);
            }
        return legend;
    };
    return c;
}

} // namespace

void validate(const MapOptions& options)
{
    map_format_of(options.output);
    page_size(options.page, options.landscape);
    if (options.with_furniture && map_format_of(options.output) != MapFormat::tif)
        throw InputError(mention(Setting::with_furniture) + " applies to a GeoTIFF (OUT.tif) only: " + options.output +
                         " is the whole page already");
    for (const auto& b : options.backgrounds)
        if (!(b.opacity >= 0 && b.opacity <= 1))
            throw InputError(mention(Setting::background) + ": " + b.file + ": the opacity must lie within 0 to 1");
    if (!(options.hillshade.opacity >= 0 && options.hillshade.opacity <= 1))
        throw InputError(mention(Setting::hillshade) + ": " + options.hillshade.file + ": the opacity must lie within 0 to 1");
    if (!options.contours.file.empty() && !(options.contours.interval > 0))
        throw InputError(mention(Setting::contours) + ": " + options.contours.file + ": the interval must be a number above 0");
    if (options.dpi < 36 || options.dpi > 1200)
        throw InputError(mention(Setting::dpi) + ": " + std::to_string(options.dpi) + " is not within 36 to 1200");
    validate_drill(options.drill);
    if (options.all && (!options.projects.empty() || !options.layers.empty() || options.bbox || !options.where.empty() ||
                        !options.layer_where.empty() || !options.symbolise.empty()))
        throw InputError(mention(Setting::all) + " maps every programme: leave out " + mention(Setting::project) + ", " +
                         mention(Setting::layers) + ", " + mention(Setting::bbox) + " and " + mention(Setting::where));
}

MapReport render_map(Store& store, const MapOptions& options)
{
    validate(options);
    MapReport report;
    report.output = options.output;
    report.format = map_format_of(options.output);
    report.page = page_size(options.page, options.landscape);

    const std::vector<Project> projects = store.projects_or_all(options.projects);

    const QuietGdal quiet;   // GEOS's complaints about the basemap's odd polygon go nowhere
    const std::string basemap = options.basemap.empty() ? default_geodata_file("basemap/countries_50m.gpkg")
                                                        : options.basemap;
    const Content content = options.all ? overview(store, options, basemap, report) : layers_map(store, options, projects);
    report.left_out = content.left_out;
    report.crs = options.crs.empty() ? content.crs : options.crs;
    auto projection = std::make_shared<const MapProjection>(report.crs);
    report.crs_name = projection->name();
    if (options.grid != MapGrid::geographic && !projection->metric())
        throw InputError(mention(Setting::grid) + ": the map's CRS " + report.crs_name +
                         " has no eastings and northings in metres to grid; choose a projected CRS with " +
                         mention(Setting::crs));

    const double px_per_pt = options.dpi / 72.0;
    const bool raster = report.format == MapFormat::png || report.format == MapFormat::tif;
    // A GeoTIFF without furniture is the map face alone: the frame of the page, a whole number of
    // pixels, at the page's scale.
    const bool face_only = report.format == MapFormat::tif && !options.with_furniture;
    const double margin = 28;
    auto [frame, panel] = page_layout(report.page, options.landscape);
    if (face_only) {
        frame = {0, 0, std::floor(frame.width * px_per_pt) / px_per_pt, std::floor(frame.height * px_per_pt) / px_per_pt};
        report.page = {frame.width, frame.height};
    }
    const PageSize page = report.page;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    projected_bounds_of(*projection, content.extent, min_x, min_y, max_x, max_y);
    report.layout = std::make_unique<MapLayout>(projection, frame, min_x, min_y, max_x, max_y);
    const MapLayout& layout = *report.layout;
    report.extent = layout.geographic_extent();
    report.scale_bar = scale_bar(*projection, layout.centre_x(), layout.centre_y(),
                                 std::min(panel.width - 30, frame.width * 0.3) / layout.scale());

    const AtomicOutput folder = output_folder(options.output);
    const std::string file = std::filesystem::path(options.output).filename().string();
    const std::string temp = (folder / file).string();
    SurfacePtr surface = create_surface(report.format, temp, page, px_per_pt);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError(options.output + ": cannot create the map: " + cairo_status_to_string(cairo_surface_status(surface.get())));

    const std::string title = options.title.empty() ? content.title : options.title;
    if (report.format == MapFormat::pdf) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "lode " LODE_VERSION);
        // The map's date, not the clock's: the same map drawn again is the same file.
        const std::string created = (options.date.empty() ? utc_now("%Y-%m-%d") : options.date) + "T00:00:00Z";
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
    }

    std::vector<std::string> drawn;
    {
        CairoPtr cr(cairo_create(surface.get()));
        if (raster)
            cairo_scale(cr.get(), px_per_pt, px_per_pt);
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());

        // The finest detail worth drawing: a pixel of the PNG, or of a 300 dpi print of a PDF or SVG.
        Canvas canvas(cr.get(), layout, raster ? 72.0 / options.dpi : 72.0 / 300);
        const TextRenderer& text = canvas.text;
        {
            // Where the frame sits on the page and which window of the map CRS it shows.
            const Rect& f = layout.frame();
            char window[256];
            std::snprintf(window, sizeof window, "frame %.3f %.3f %.3f %.3f shows x %.3f to %.3f, y %.3f to %.3f",
                          f.x, f.y, f.width, f.height, layout.min_x(), layout.max_x(), layout.min_y(), layout.max_y());
            drawn.push_back(window);
        }
        draw_basemap(canvas, basemap);
        drawn.push_back("basemap countries (Natural Earth)");
        const std::vector<std::string> raster_credits =
            draw_rasters(canvas, options, report.crs, projection->geographic(), drawn);
        if (options.grid != MapGrid::projected)
            draw_graticule(canvas, options.grid == MapGrid::both ? GridEdges::top_right : GridEdges::all);
        if (options.grid != MapGrid::geographic) {
            draw_projected_grid(canvas, options.grid == MapGrid::both ? GridEdges::bottom_left : GridEdges::all);
            char every[64];
            std::snprintf(every, sizeof every, "projected grid every %g m",
                          projected_grid_step(std::max(layout.max_x() - layout.min_x(), layout.max_y() - layout.min_y())));
            drawn.push_back(every);
        }
        const std::vector<LegendGroup> legend = content.draw(canvas, report, drawn);
        draw_labels(canvas, report.labels_placed, report.labels_dropped, drawn);
        // The page furniture: the frame, title and panel (not on a GeoTIFF of the map face).
        if (!face_only) {
            {
                const Rect& f = layout.frame();
                cairo_new_path(cr.get());
                cairo_rectangle(cr.get(), f.x, f.y, f.width, f.height);
                set_colour(cr.get(), ink);
                cairo_set_line_width(cr.get(), 0.8);
                cairo_stroke(cr.get());
            }
            const std::string subtitle = options.subtitle.empty() ? content.subtitle : options.subtitle;
            draw_title(canvas, title, subtitle, margin, margin - 6, page.width_pt - 2 * margin);
            drawn.push_back("title " + title);

            // Panel: legend on top; at the bottom the inset, north arrow and scale bar, then projection,
            // date, notes and credits, whose height is measured first.
            const bool side = options.landscape;
            const double column = side ? panel.width : panel.width * 0.55;
            const double iw = side ? panel.width : panel.width - column - 12;
            const double ix = side ? panel.x : panel.x + column + 12;
            const std::string date = "Date: " + (options.date.empty() ? utc_now("%Y-%m-%d") : options.date);
            std::vector<std::string> sources = content.sources;
        sources.insert(sources.end(), raster_credits.begin(), raster_credits.end());
        sources.insert(sources.end(), options.credits.begin(), options.credits.end());
        const std::string credits = credits_text(projects, sources);
            const std::vector<std::pair<std::string, std::string>> lines = [&] {
                std::vector<std::pair<std::string, std::string>> l{{"Projection: " + report.crs_name, "Noto Sans 7"},
                                                                   {date, "Noto Sans 7"}};
                for (const auto& n : report.notes)
                    l.emplace_back("Note: " + n + ".", "Noto Sans Italic 6.5");
                if (report.left_out.count)
                    l.emplace_back("Note: left out of the extent: " + to_string(report.left_out) + ".", "Noto Sans Italic 6.5");
                l.emplace_back(credits, "Noto Sans 6.5");
                return l;
            }();
            double text_h = 0;
            for (const auto& [s, font] : lines) {
                double w = 0, h = 0;
                TextRenderer::size(text.layout(s, font, iw).get(), w, h);
                text_h += h + 3;
            }
            const double bar_h = 58;
            const double info_h = bar_h + text_h;
            const double legend_h = legend_height(legend);
            const BBox seen = layout.geographic_extent();
            // The inset gives way to the legend on a full panel, and is pointless for a continent.
            const double inset_h = 105;
            // With features left out of the extent it locates them, whatever the map's size.
            const bool inset = options.inset && (seen.east - seen.west < 60 || report.left_out.count > 0) &&
                               (!side || legend_h <= panel.height - info_h - inset_h - 24);
            double iy = side ? panel.bottom() - info_h : panel.y + (inset ? inset_h + 10 : 0);
            const double legend_bottom = side ? iy - (inset ? inset_h + 14 : 8) : panel.bottom();
            draw_legend(canvas, legend, panel.x, panel.y, column, legend_bottom, legend_h > legend_bottom - panel.y ? 2 : 1);
            drawn.push_back("legend");
            if (inset) {
                // On a side panel the inset sits just under the legend, not far below it.
                const double top = side ? std::min(iy - inset_h - 10, panel.y + legend_h + 6) : panel.y;
                draw_inset(canvas, basemap, {ix, top, iw, inset_h}, report.left_out, drawn);
            }
            draw_north_arrow(canvas, ix + 12, iy + 30);
            iy += draw_scale_bar(canvas, report.scale_bar, ix + 36, iy + 26) + 36;
            auto at_centre = text.layout("Scale true at the map centre", "Noto Sans 6.5");
            text.draw(at_centre.get(), ix + 36, iy - 10, grey);
            drawn.push_back("scale bar " + report.scale_bar.label);
            iy += 2;
            for (const auto& [s, font] : lines)
                iy += text.text(s, font, ix, iy, s == credits ? grey : ink, iw) + 3;
            drawn.push_back("credits");
        }
        cairo_surface_flush(surface.get());
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            throw Error(options.output + ": drawing failed: " + cairo_status_to_string(cairo_status(cr.get())));
    }
    if (report.format == MapFormat::tif) {
        // Pixel (0, 0)'s top-left corner and the size of a pixel, in the map CRS.
        double gt[6] = {0, 1 / (px_per_pt * layout.scale()), 0, 0, 0, -1 / (px_per_pt * layout.scale())};
        layout.page_to_map(0, 0, gt[0], gt[3]);
        write_geotiff(surface.get(), temp, report.crs, gt);
    }
    finish_page(std::move(surface), report.format, folder, options.output, title, drawn);
    return report;
}

} // namespace lode
