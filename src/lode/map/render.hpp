#pragma once
// `lode map`: a printable map of programmes and layers — PDF and SVG (vector) or PNG (raster) drawn
// with Cairo, text with Pango — on the Natural Earth country basemap, in a projection suited to the
// extent, with the layers' styles of layers/*.json, a legend of what is drawn, a scale bar true at
// the map's centre, a north arrow, a graticule, feature labels that never overlap, title and credits.
#include "lode/map/classes.hpp"
#include "lode/map/drill_plan.hpp"
#include "lode/map/projection.hpp"
#include "lode/store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode {

// tif: a georeferenced GeoTIFF of the map face (or of the page, with_furniture) in the map's CRS.
enum class MapFormat { pdf, svg, png, tif };

// The grid over the map face: meridians and parallels (geographic), round eastings and northings of
// a projected CRS in metres (projected), or both (the projected grid labelled on the bottom and left
// edges, the geographic on the top and right).
enum class MapGrid { geographic, projected, both };

// From OUT's extension (.pdf, .svg, .png, .tif or .tiff, any case); throws InputError for anything else.
MapFormat map_format_of(const std::string& path);

// A raster under the vectors: a file GDAL reads, drawn with this opacity (0 to 1).
struct MapRaster {
    std::string file;
    double opacity = 1;
};
struct MapContours {
    std::string file;      // a DEM
    double interval = 0;   // in the DEM's units
};

// Graduated symbols on one layer: its features coloured by the class of a numeric field or of an
// assay analyte (ANALYTE_UNIT, converted from any unit and oxide as --where compares it).
struct MapSymbolise {
    std::string layer, field;
    MapClasses classes;
};

struct MapOptions {
    std::string output;                       // OUT.pdf, OUT.svg, OUT.png or OUT.tif
    std::vector<std::string> projects;        // empty: every project
    std::vector<std::string> layers;          // empty: every layer with features in the selection
    std::optional<BBox> bbox;                 // the map's extent; default: the features' with a margin
    std::string where;                        // --where, applied to every layer
    BelowLimit below_limit = BelowLimit::half;   // what an analyte's result below its detection limit counts as (filters, symbols)
    // A layer's own filter and label field (LAYER, EXPR or FIELD): they replace where and labels
    // for that layer.
    std::vector<std::pair<std::string, std::string>> layer_where, layer_labels;
    std::vector<MapSymbolise> symbolise;      // at most one per layer
    std::string crs;                          // empty: chosen for the extent (choose_map_crs)
    std::string title, subtitle;              // empty title: from the projects
    std::string page = "A4";                  // A4, A3, letter
    bool landscape = true;
    int dpi = 200;                            // PNG and GeoTIFF only
    bool with_furniture = false;              // GeoTIFF: the whole page, not only the map face
    std::string labels;                       // field to label features with; empty: the style's; "none"
    bool inset = true;
    MapGrid grid = MapGrid::geographic;
    std::vector<MapRaster> backgrounds;       // drawn in order under the vectors
    MapRaster hillshade{{}, 0.5};             // a DEM to shade (azimuth 315°, altitude 45°); empty: none
    bool tint = false;                        // the hillshade over a hypsometric tint of its DEM (tint.cpp)
    MapContours contours;                     // empty file: none
    std::string basemap;                      // countries GeoPackage; empty: geodata/basemap/countries_50m.gpkg
    std::string date;                         // printed on the map; empty: today
    std::vector<std::string> credits;         // more credits, after the programmes' and the rasters'
    // The programmes' overview (`lode map --all`): every project's area of interest on a world map,
    // the home institute joined to its partners by geodesic corridors. projects, layers, bbox and
    // where do not apply.
    bool all = false;
    std::string home;                         // organisation or short name; empty: the institutes file's home
    std::string institutes;                   // empty: geodata/institutes.csv
    MapDrill drill;                           // the drillholes layer's traces and intercepts
};

struct PageSize {
    double width_pt = 0, height_pt = 0;
};
// Throws InputError for an unknown page name.
PageSize page_size(const std::string& name, bool landscape);

struct Rect {
    double x = 0, y = 0, width = 0, height = 0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
    bool overlaps(const Rect& o) const { return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom(); }
    bool inside(const Rect& o) const { return x >= o.x && y >= o.y && right() <= o.right() && bottom() <= o.bottom(); }
};

// The world → page transform of a map: longitude/latitude → map CRS (PROJ) → page points (1/72 inch,
// origin top left, y down). A PNG's pixel is the page point times dpi / 72.
class MapLayout {
public:
    MapLayout(std::shared_ptr<const MapProjection> projection, const Rect& frame, double min_x, double min_y,
              double max_x, double max_y);

    const MapProjection& projection() const { return *projection_; }
    const Rect& frame() const { return frame_; }
    double scale() const { return scale_; }   // page points per map unit
    double centre_x() const { return (min_x_ + max_x_) / 2; }
    double centre_y() const { return (min_y_ + max_y_) / 2; }
    // The map CRS window the frame shows.
    double min_x() const { return min_x_; }
    double min_y() const { return min_y_; }
    double max_x() const { return max_x_; }
    double max_y() const { return max_y_; }

    bool to_page(double lon, double lat, double& px, double& py) const;
    void map_to_page(double x, double y, double& px, double& py) const;
    void page_to_map(double px, double py, double& x, double& y) const;
    // The longitude/latitude box the frame covers (sampled along its edges).
    BBox geographic_extent() const;

private:
    std::shared_ptr<const MapProjection> projection_;
    Rect frame_;
    double min_x_, min_y_, max_x_, max_y_;   // the map CRS window, with the frame's aspect
    double scale_;
};

struct MappedLayer {
    std::string layer;
    std::size_t features = 0;
};

// A corridor of the overview: the geodesic from the home institute to a partner.
struct MapCorridor {
    std::string from, to;   // short names
    double from_lon = 0, from_lat = 0, to_lon = 0, to_lat = 0;
    double km = 0;          // geodesic length on WGS 84
};

// Features the default extent leaves out: a few far from where all the others are (a sample
// mis-located on another continent), with the distance to the nearest other feature.
struct MapLeftOut {
    struct Feature {
        std::string layer, id;
        double km = 0;   // geodesic (WGS 84) from its centre to the nearest centre of a feature kept
        double lon = 0, lat = 0;   // its centre
    };
    std::size_t count = 0;
    std::vector<Feature> features;   // the farthest first, at most 10
    std::vector<std::pair<double, double>> centres;   // longitude, latitude of every one left out (the inset shows them)
};
// "1 sample (NGK-SS-0009) 4300 km from the rest"; empty when none is left out.
std::string to_string(const MapLeftOut& left_out);

struct MapReport {
    std::string output;
    MapFormat format = MapFormat::pdf;
    PageSize page;
    std::string crs;                // as given to PROJ
    std::string crs_name;           // as printed on the map
    std::vector<MappedLayer> layers;
    BBox extent;                    // longitude/latitude of the frame
    ScaleBar scale_bar;
    std::size_t labels_placed = 0, labels_dropped = 0;
    std::unique_ptr<MapLayout> layout;
    std::vector<MapCorridor> corridors;   // --all
    std::vector<std::string> notes;       // what the reader should know: institutes not located, layers not labelled
    MapLeftOut left_out;                  // without a bbox: features left out of the extent (also a note on the map)
    MapDrillReport drill;                 // the traces and intercepts drawn
};

// Throws InputError for options no map can be drawn from, before anything is read: OUT's format, the
// page, the dpi, and --all with a selection. render_map calls it first.
void validate(const MapOptions& options);

// Draws the map in a temporary folder beside options.output and renames it there when finished:
// OUT is never left half-written. Throws InputError for a bad request (nothing selected, unknown
// project or layer, a bad --where, an unwritable OUT), NotFound for unknown names.
MapReport render_map(Store& store, const MapOptions& options);

} // namespace lode
