#pragma once
// `lode map -o PAGE.html`: one self-contained interactive map page. OpenLayers, GeographicLib's
// geodesic routines (both from web/, see web/README.md) and the data are inlined, so the page opens
// with no network: the selected layers as GeoJSON in the styles of the exports (layers/*.json,
// export/qgis_style), the Natural Earth countries as a vector basemap, a layer switcher with the
// legend, popups with a feature's attributes and a licence's register card (holder, expiry,
// interests, what falls due), search by id or name, a distance and area measure on the WGS 84
// ellipsoid, and raster backgrounds as georeferenced images.
#include "lode/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// Beyond this many features a page is refused (a browser holds them all in memory and draws every
// one): a GeoPackage export suits more.
constexpr std::size_t map_page_max_features = 20000;
// A raster background is one PNG (web::page inlines it as a data URI); beyond this many bytes of
// them a page is refused: it would be too heavy to send and open.
constexpr std::size_t map_page_max_image_bytes = 3000000;

// A raster under the layers: one PNG over a box in web Mercator (EPSG:3857), drawn with this opacity.
struct MapPageImage {
    std::string name;        // the file's name, in the layer switcher
    std::string credit;      // in the credits
    std::string png;         // the PNG's bytes
    int width = 0, height = 0;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;   // EPSG:3857 metres
    double opacity = 1;
};

struct MapPageOptions {
    std::string output;                      // PAGE.html, written whole or not at all
    std::vector<std::string> projects;       // empty: every project
    std::vector<std::string> layers;         // empty: every layer with features in the selection
    std::optional<BBox> bbox;                // features whose box meets it; W > E crosses the antimeridian
    std::string where;                       // applied to every layer, as lode map's
    BelowLimit below_limit = BelowLimit::half;   // what an analyte's result below its detection limit counts as in where
    std::string title, subtitle;             // empty: from the projects
    std::string basemap;                     // the Natural Earth countries GeoPackage (layer countries)
    std::string scripts;                     // the folder of ol.js, ol.css, geographiclib-geodesic.min.js
    std::string today;                       // YYYY-MM-DD: what falls due is counted from it
    std::size_t max_features = map_page_max_features;
    std::vector<MapPageImage> backgrounds;   // drawn in order over the countries, under the layers
    std::size_t max_image_bytes = map_page_max_image_bytes;
};

struct MapPageLayer {
    std::string layer;
    std::size_t features = 0;
};

struct MapPageReport {
    std::string output;
    std::vector<MapPageLayer> layers;
    std::size_t cards = 0;                   // licences with a register card
    std::uintmax_t bytes = 0;                // the page's size
    std::vector<std::string> notes;
};

// Whether OUT names a page: .html or .htm, any case.
bool is_map_page(const std::string& output);

// The folder lode reads the page's scripts from by default: web/ beside layers/.
std::string default_scripts_dir();

// Writes the page. Throws InputError for a bad request (nothing selected, more than max_features,
// backgrounds of more than max_image_bytes, a script missing from `scripts`, an unwritable output),
// NotFound for unknown names.
MapPageReport write_map_page(Store& store, const MapPageOptions& options);

// Text as a JSON value safe inside an HTML <script> element: "<", ">", "&", U+2028 and U+2029 as
// \u escapes, so no value can close the element or open a comment. Valid JSON; JSON.parse reads
// the same value back.
std::string json_for_script(const nlohmann::ordered_json& value);

} // namespace lode
