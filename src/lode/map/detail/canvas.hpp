#pragma once
// The parts `lode map` is drawn from, shared by its files: the page being drawn (Canvas: Cairo,
// Pango, the layout and the labels placed so far), the layers streamed from the store, the basemap,
// the graticule, the page furniture (legend, scale bar, north arrow, credits) and the programmes'
// world overview. Internal to the library: render_map (render.hpp) is the interface.
#include "lode/base/atomic_output.hpp"
#include "lode/base/error.hpp"
#include "lode/map/render.hpp"
#include "lode/schema/filter.hpp"
#include "lode/map/style.hpp"
#include "lode/import/tables.hpp"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode::map {

// ---- labels that never overlap -------------------------------------------------------------------

class LabelPlacer {
public:
    using Line = std::vector<std::pair<double, double>>;
    explicit LabelPlacer(const Rect& frame) : frame_(frame) {}
    void reserve(const Rect& r) { taken_.push_back(r); }
    // A line on the page that no label may cover (a drillhole's trace); the label of a point at its
    // start leans away from it (leaning_from).
    void avoid(Line line);
    // Whether a label here would be inside the frame, clear of every label, marker and line.
    bool free(const Rect& r) const;
    // The first free candidate, reserved; nullopt when every one overlaps something.
    std::optional<Rect> place(const std::vector<Rect>& candidates);
    // For a point at (x, y) where an avoided line starts: the unit direction from it to the line's
    // end on the page, which its label should lean away from; nullopt when no line starts there.
    std::optional<std::pair<double, double>> line_from(double x, double y) const;

private:
    Rect frame_;
    std::vector<Rect> taken_;
    std::vector<Line> lines_;
};

// A label waiting for a place: by its layer's priority, then points before areas and lines.
struct PendingLabel {
    std::string text;
    double x = 0, y = 0;
    bool point = false;
    double radius = 0;   // of the point's marker
    std::size_t rank = 0;   // the features of its layer: the labels of sparser layers (occurrences) go first
    // (A point's label leans away from a line the placer avoids that starts at the point: a
    // drillhole's id sits beside its collar on the side opposite its trace.)
    int priority = 5;       // its layer's label_priority: licence and prospect ids before anything else
};

struct Country {
    std::string name;
    GeometryPtr page;
};

// The page being drawn: what every drawing function needs.
struct Canvas {
    Canvas(cairo_t* cr, const MapLayout& layout, double pixel_pt);

    cairo_t* cr;
    const MapLayout& layout;
    double pixel;                  // one output pixel in page points: the finest detail worth drawing
    TextRenderer text;
    LabelPlacer placer;
    OGRPolygon frame_polygon;      // the frame, in page points
    std::vector<Country> countries;
    std::vector<PendingLabel> pending;

    void clip_to_frame() const;
};

// ---- geometry ------------------------------------------------------------------------------------

GeometryPtr from_wkb(const std::vector<unsigned char>& wkb);
// Changes every vertex of g in place with fn (x, y → x, y); false when fn failed for one.
bool transform_vertices(OGRGeometry& g, const std::function<bool(double&, double&)>& fn);
// lonlat projected to page points; null when PROJ fails for a vertex.
GeometryPtr to_page(const OGRGeometry& lonlat, const MapLayout& layout);
// The map CRS window of a longitude/latitude box, sampled along its edges.
void projected_bounds_of(const MapProjection& projection, const BBox& box, double& min_x, double& min_y, double& max_x,
                         double& max_y);
// Where a label goes on an area or a line: a point on its visible part.
std::optional<std::pair<double, double>> anchor_of(const OGRGeometry& page, const OGRPolygon& frame_polygon);

// ---- layers (layers.cpp) -----------------------------------------------------------------------

// A layer drawn in graduated symbols: the classes of a field's values, each its own symbol.
struct Graduated {
    std::string field;                           // as the layer or the assay vocabulary spells it
    MapClasses classes;
    std::vector<double> breaks;                  // between the classes (classes.hpp)
    std::shared_ptr<const AssayLookup> assays;   // when field is an analyte
    // The feature's value; NaN when it has none.
    double value(const Feature& f) const;
    // The category of LayerStyle for f: its class, or -1 (no value).
    int category_of(const Feature& f) const;
};

// One layer of the map: first surveyed (how many features, where), then streamed and drawn.
struct LoadedLayer {
    const LayerKind* kind = nullptr;
    LayerStyle style;
    std::string label_field;
    std::optional<Filter> filter;
    std::size_t features = 0;                   // in the selection
    OGREnvelope envelope;                       // longitude/latitude
    std::vector<std::size_t> category_counts;   // per category as drawn; the last is the default symbol
    std::size_t drawn = 0;
    bool labelled = true;                       // false for a layer too dense to label
    std::optional<Graduated> graduated;         // its style's categories are then the classes
    std::vector<std::array<float, 4>> boxes;    // each feature's envelope (feature_box), without a bbox
    int category_of(const Feature& f) const { return graduated ? graduated->category_of(f) : style.category_of(f); }
};

// The selected layers with their counts and extents; layers without a selected feature are left out.
std::vector<LoadedLayer> survey_layers(Store& store, const MapOptions& options);
BBox features_extent(const std::vector<LoadedLayer>& layers);
// A box with a margin around an envelope of features (12% each side, at least 0.02°).
BBox extent_around(const OGREnvelope& envelope);
// A feature's envelope as LoadedLayer::boxes keeps it: west, south, east, north in floats.
inline std::array<float, 4> feature_box(const OGREnvelope& e)
{
    return {static_cast<float>(e.MinX), static_cast<float>(e.MinY), static_cast<float>(e.MaxX), static_cast<float>(e.MaxY)};
}
// The extent of a map without --bbox: the features', leaving out a few far from all the others
// (extent.cpp), which left_out then names.
BBox default_extent(Store& store, const MapOptions& options, const std::vector<LoadedLayer>& layers, MapLeftOut& left_out);
std::string describe_request(const MapOptions& options);
// Streams the layer's features in the frame from the store and draws them; labels go to pending.
void draw_layer(Canvas& canvas, Store& store, const MapOptions& options, LoadedLayer& layer);

// ---- labels (labels.cpp) -------------------------------------------------------------------------

// Places the pending feature labels (points first), then country names in the gaps; draws them all.
// Each feature label placed goes to drawn ("label TEXT").
void draw_labels(Canvas& canvas, std::size_t& placed, std::size_t& dropped, std::vector<std::string>& drawn);

// ---- basemap, graticule, inset (basemap.cpp, graticule.cpp) ----------------------------------

std::string default_geodata_file(const std::string& relative);
// The countries of the Natural Earth GeoPackage at path on sea blue, in layout's frame (the caller
// clips); their names and page outlines go to names when given.
void draw_countries(cairo_t* cr, const MapLayout& layout, const std::string& path, std::vector<Country>* names);
void draw_basemap(Canvas& canvas, const std::string& path);
// An overview of the region around the map in box, with the map's frame outlined in red; with
// features left out of the extent, a locator of them: the region holds the frame and every one of
// them, each a red dot (the first three named). What it shows goes to drawn ("inset frame ... shows
// x ... in CRS", "inset far ID at LON LAT").
void draw_inset(Canvas& canvas, const std::string& path, const Rect& box, const MapLeftOut& far,
                std::vector<std::string>& drawn);
// Which edges of the frame a grid labels.
enum class GridEdges { all, bottom_left, top_right };
// Meridians and parallels, with degree labels outside the frame on the edges asked for.
void draw_graticule(Canvas& canvas, GridEdges edges = GridEdges::all);
// Round eastings and northings of the map's (metric, projected) CRS, with ticks inside the frame and
// labels outside it in km (an interval of 1 km or more) or m.
void draw_projected_grid(Canvas& canvas, GridEdges edges = GridEdges::all);
// The grid interval in metres for a span of the map: 1, 2 or 5 × 10^n, at most 6 lines across.
double projected_grid_step(double span_m);
// "391 km E" for 391000 at a 1 km or larger step; "391500 m E" for a finer one.
std::string metric_label(double value, double step, char axis);
std::string degree_label(double value, double step, char positive, char negative);
double graticule_step(double span);

// ---- rasters under the vectors (raster.cpp) -------------------------------------------------------

// The raster at path, opened by GDAL; InputError naming setting and path when GDAL cannot read it,
// it has no georeferencing or no band.
Dataset open_raster(const std::string& path, Setting setting);
// source (read from path) warped by GDAL to crs, the window west, south, east, north in crs, w × h
// cells. A DEM comes as one Float32 band with NaN where there is no data; an image with an alpha
// band last.
Dataset warp_raster(GDALDataset& source, const std::string& path, const std::string& crs, const std::array<double, 4>& window,
                    int w, int h, bool dem, Setting setting);
// A warped image as straight RGBA bytes: a palette expanded, grey or RGB bands, values of other
// types than bytes stretched between their minimum and maximum.
std::vector<unsigned char> rgba_of(GDALDataset& ds);
std::string file_name(const std::string& path);
// "name.tif", with its licence or copyright when its metadata says one.
std::string credit_of(const std::string& path);

// Draws the backgrounds in order, then the hillshade and the contours of options, each warped to the
// frame in crs (geographic: the map CRS is in degrees, so the hillshade scales them to metres);
// returns their credits ("Background: geology.tif"). InputError naming the option and file for a
// raster GDAL cannot read, place or warp.
std::vector<std::string> draw_rasters(Canvas& canvas, const MapOptions& options, const std::string& crs, bool geographic,
                                      std::vector<std::string>& drawn);
// The hypsometric tint of a DEM warped to the frame, as straight RGBA bytes (tint.cpp): GDAL's colour
// relief with hypsometric_ramp (stops at percentages of the heights in view); file names it in errors.
extern const char* const hypsometric_ramp;
std::vector<unsigned char> hypsometric_tint(GDALDataset& dem, const std::string& file);
// Contours of the DEM (warped to the frame) every interval, labelled along the lines.
void draw_contours(Canvas& canvas, GDALDataset& dem, double interval);

// ---- GeoTIFF output (geotiff.cpp) ---------------------------------------------------------------

// Writes the Cairo image surface as an RGB GeoTIFF at path in crs (as MapProjection takes it), with
// GDAL's geotransform (origin x, pixel width, 0, origin y, 0, -pixel height).
void write_geotiff(cairo_surface_t* image, const std::string& path, const std::string& crs, const double geotransform[6]);

// ---- the page and its output (render.cpp) ---------------------------------------------------------

// Title band on top, the frame, and a side panel (landscape) or a bottom panel (portrait).
struct PageLayout {
    Rect frame, panel;
};
PageLayout page_layout(const PageSize& page, bool landscape);
// The private folder OUT is drawn in, beside it (base/atomic_output.hpp); InputError when it cannot be made.
AtomicOutput output_folder(const std::string& output);
// A PDF or SVG surface writing to path, or an image surface of the page at px_per_pt (PNG, GeoTIFF).
SurfacePtr create_surface(MapFormat format, const std::string& path, const PageSize& page, double px_per_pt);
// Ends a page drawn on surface in the folder of output: writes the PNG (image surfaces), finishes the
// surface, adds the SVG description, and moves the file to output. InputError when it cannot be written.
void finish_page(SurfacePtr surface, MapFormat format, const AtomicOutput& folder, const std::string& output,
                 const std::string& title, const std::vector<std::string>& drawn);
// Adds a <title>, a <desc> listing what was drawn and one "lode:" comment a line to Cairo's SVG at path.
void add_svg_description(const std::string& path, const std::string& title, const std::vector<std::string>& drawn);

// ---- page furniture (furniture.cpp) ------------------------------------------------------------

// One row of a legend: a symbol drawn by draw(x, cy) in a 16-point box, and its text.
struct LegendEntry {
    std::function<void(cairo_t*, double x, double cy)> draw;
    std::string text;
};
struct LegendGroup {
    std::string title;
    std::vector<LegendEntry> entries;
};
std::vector<LegendGroup> legend_of(const std::vector<LoadedLayer>& layers);
double legend_height(const std::vector<LegendGroup>& groups);
// The legend, flowing into a second column when one does not hold it.
void draw_legend(const Canvas& canvas, const std::vector<LegendGroup>& groups, double x, double y, double width,
                 double bottom, int columns);
void draw_north_arrow(const Canvas& canvas, double x, double y);
// The bar with its label; returns the height used.
double draw_scale_bar(const Canvas& canvas, const ScaleBar& bar, double x, double y);
// "KIGAM background article 004 (12 Dec 2025)" for a long citation; short sources as they are.
std::string concise_source(const std::string& source);
std::string credits_text(const std::vector<Project>& projects, const std::vector<std::string>& more);
void draw_title(const Canvas& canvas, const std::string& title, const std::string& subtitle, double x, double y,
                double width);

// ---- the programmes' world overview (corridor.cpp) -------------------------------------------------

// Where the overview is drawn: every programme's area of interest and every institute.
// What the overview draws: every programme's area of interest, the home institute and its partners.
struct Programmes {
    struct Area {
        std::string code, name;
        OGREnvelope box;   // longitude/latitude
    };
    struct Place {
        Institute institute;
        double lon = 0, lat = 0;
        bool sourced = true;   // false: placed at an area of interest or a country, as the note says
        std::vector<std::string> projects;
    };
    std::vector<Area> areas;
    Place home;
    std::vector<Place> partners;
};
std::shared_ptr<const Programmes> survey_programmes(Store& store, const MapOptions& options, const std::string& basemap,
                                                    MapReport& report);
BBox programmes_extent(const Programmes& programmes);
// Draws the areas of interest, the geodesic corridors from the home institute to its partners and
// the institutes, with their labels; returns the legend of what it drew.
std::vector<LegendGroup> draw_programmes(Canvas& canvas, const Programmes& programmes);

} // namespace lode::map
