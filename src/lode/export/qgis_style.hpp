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

// The OGR feature style string for a feature whose category field holds value (KML export):
// "PEN(c:#ff7f00,w:0.6mm);BRUSH(fc:#fdbf6f80)" for polygons, "SYMBOL(...)" for points.
std::string ogr_style_string(const LayerStyle& style, GeometryType geometry, const std::string& value);

} // namespace lode
