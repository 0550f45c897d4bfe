#pragma once
// Layer styles for the exports, from the `style` of a layer kind (layers/*.json):
//
//   "style": {"category_field": "status", "label_field": "name",
//             "default": {"fill": "#fdbf6f80", "stroke": "#ff7f00", "stroke_width": 0.6},
//             "categories": [{"value": "target", "label": "Target", "fill": "#ffffb380", ...}, ...]}
//
// Colours are #rrggbb or #rrggbbaa; widths and sizes are millimetres; markers are circle, square,
// triangle, diamond, cross, star or circle_cross (a drillhole collar); stroke_dash draws dashes.
// A category's missing properties come from "default", which also draws every other value.
#include "lode/schema/layer_kind.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lode {

struct Symbol {
    std::string fill = "#bdbdbd";    // polygons and markers
    std::string stroke = "#404040";  // outlines and lines
    double stroke_width = 0.3;       // mm
    bool stroke_dash = false;
    std::string marker = "circle";
    double size = 2.0;               // marker diameter, mm
};

struct StyleCategory {
    std::string value;
    std::string label;
    Symbol symbol;
};

struct LayerStyle {
    std::string category_field;      // empty: every feature drawn with fallback
    std::string label_field;         // empty: no labels
    Symbol fallback;                 // "default": other values, NULL, or every feature
    std::vector<StyleCategory> categories;
};

// Reads and checks kind.style; throws lode::Error naming the layer and the bad property.
LayerStyle layer_style(const LayerKind& kind);

// A QGIS 3 style document (QML): a categorised renderer on the category field (single symbol when
// there is none) with a catch-all category, labels on the label field, and field aliases that carry
// the units ("li2o_pct (%)"). QGIS applies it as is from a GeoPackage's layer_styles or a .qml sidecar.
// renamed: fields written under another name (Shapefile), so that the style names the written ones.
std::string qgis_qml(const LayerKind& kind, const std::map<std::string, std::string>& renamed = {});

// The layer's style as KML styles, one per category and then the default, named "c0", "c1", … and
// "default", each the content of a <Style> element: points Google's shaded dot tinted with the fill
// (IconStyle, scaled to the size), lines the stroke (LineStyle, its width in pixels), polygons both
// (LineStyle and PolyStyle). KML draws no dashes.
std::vector<std::pair<std::string, std::string>> kml_styles(const LayerStyle& style, GeometryType geometry);
// The name (of kml_styles) of the style that draws a feature whose category field holds value.
std::string kml_style_name(const LayerStyle& style, const std::string& value);

} // namespace lode
