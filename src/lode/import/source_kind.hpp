#pragma once
// New layers from a source, as ogr2ogr makes its output layer: the kind (geometry family, fields
// with their types) read from any GDAL source, styled with one symbol or by a field's values.
#include "lode/geo/gdal.hpp"
#include "lode/import/importer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode {

// A geometry's family: point (Point, MultiPoint), multilinestring (lines and curves),
// multipolygon (polygons, curved ones, triangles and the surfaces made of them: a TIN); nullopt
// for none, an empty one or a collection.
std::optional<GeometryType> geometry_family(const OGRGeometry* geometry);

// The families a geometry holds, in GeometryType order: its own, or a geometry collection's
// members' (a point and a line: point and multilinestring); none for no geometry, an empty one or
// a collection of empty members.
std::vector<GeometryType> geometry_families(const OGRGeometry* geometry);

// What a geometry holds of one family, as one geometry: a geometry collection's members of it
// (points as a Point or, several, a MultiPoint; lines as a MultiLineString; polygons as a
// MultiPolygon), any other geometry itself when it is of that family; nullptr when it holds none.
GeometryPtr family_part(const OGRGeometry& geometry, GeometryType family);

struct SourceKinds {
    // One kind per geometry family the source holds: named as asked when there is one, else
    // NAME_points, NAME_lines, NAME_polygons, each with the family its features are read from.
    std::vector<std::pair<LayerKind, std::optional<GeometryType>>> kinds;
    std::vector<std::pair<std::string, std::string>> renamed;   // layer field <- source field, where the name changed
    std::vector<std::string> left_out;   // source fields that are no field of the kind (the id, KML's bookkeeping)
    std::size_t other_values = 0;        // values of the style field beyond the palette, drawn with the default symbol
    std::int64_t multipoints = 0;        // features whose geometry is (or holds) a MultiPoint of more than one point
    std::int64_t collections = 0;        // features whose geometry is a geometry collection, split by family
};

// The kinds of new layers named `name` from source.file (source.source_layer, CSV coordinate
// columns as an import reads them): OGR integer, real, date and string fields become integer,
// real, date and text (date-times and lists text); field names lowercased, and made identifiers
// where they are not. A single-symbol style, or with style_by one category per distinct value of
// that field (the 12 most frequent, colours from a fixed qualitative palette).
SourceKinds layer_kinds_from_source(const ImportOptions& source, const std::string& name, const std::string& style_by = {});

struct NewLayersImport {
    SourceKinds made;
    std::vector<std::pair<std::string, ImportReport>> imports;   // layer, what its import did
    std::vector<std::string> layers_left_out;   // of a source of several layers: those without point, line or polygon geometry
};

// `lode import --create`: makes the layers of layer_kinds_from_source(options, options.layer) and
// imports the source into them, all in one write transaction: a refused import leaves no layer.
// A source of several layers with geometry (a GPX's waypoints and tracks), none chosen, makes
// NAME_<source layer> for each (source layers without geometry are left out).
// A point layer made from a source holding MultiPoints takes each point as a feature (explode):
// the layer was made for the source, so its multipoints are not a mismatch to refuse. A geometry
// collection goes, member by member, to the layers of its members' families (family_part), one
// feature in each with the same id. Features without geometry belong to no family: the first
// layer's import refuses them, or skips and counts them with skip_empty, and the others pass them by.
NewLayersImport import_into_new_layers(Store& store, const ImportOptions& options, const std::string& style_by = {},
                                       const Progress& progress = {});

} // namespace lode
