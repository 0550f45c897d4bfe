#pragma once
// Export of store layers to a vector file (VectorWriter), ready for QGIS and for partners:
// one layer per layer kind with its fields' types, the feature id and project, and the source
// fields the kind does not define (`extra`) as further columns.
//   GeoPackage: also the projects and partners as attribute tables, a QGIS style per layer in
//               layer_styles (the default, so QGIS draws the layer styled when it opens it), and the
//               provenance (lode version, time, store, selection) in gpkg_metadata.
//   Shapefile, FlatGeobuf, GeoJSON: the QGIS style as a .qml sidecar, which QGIS applies itself.
//   KML: each feature styled by its category.
#include "lode/import/importer.hpp"
#include "lode/store/store.hpp"
#include "lode/export/vector_writer.hpp"
#include "lode/export/drill_traces.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lode {

struct ExportOptions {
    WriterOptions output;               // extent is filled in by the export
    std::vector<std::string> layers;    // empty: every layer with features in the selection
    Selection selection;                // bbox: features that intersect it; project
    std::string where;                  // --where (see filter.hpp), parsed against each layer
    BelowLimit below_limit = BelowLimit::half;   // what a result below its detection limit counts as in where and the pivot
    // Assay results (assay_columns.hpp), pivoted into columns of each layer that has them: these
    // ANALYTE_UNIT names (empty: every analyte and unit the exported samples' results hold); with
    // selection.as_of, the results as they were then.
    std::vector<std::string> analytes;
    bool assays_long = false;           // the long table of the exported samples' results too
    DesurveyOptions desurvey;           // the drillholes' traces: method and azimuth reference
    // Every field of the layer kinds as a column, also those no exported feature fills (by default
    // such a column of nulls is left out; id, project and the fields the layer's style draws by stay).
    bool all_fields = false;
};

struct ExportedLayer {
    std::string layer;
    std::int64_t features = 0;
    std::string file;    // the file that holds it
    std::vector<std::string> assay_columns;   // the assay results' columns (AssayPivot::described)
};

struct ExportReport {
    std::vector<ExportedLayer> layers;
    std::int64_t projects = 0, partners = 0;    // rows of the GeoPackage's attribute tables
    std::vector<std::string> files;             // every file written, each data file before its parts
    std::string crs;                            // "EPSG:7850 (GDA2020 / MGA zone 50)"
    std::string operation;                      // the transformation, when reprojected
    double accuracy_m = -1;
    std::string styles;                         // "layer_styles", "qml", "kml" or empty
    std::vector<FieldRename> renamed;           // Shapefile field names
    std::int64_t untraced = 0;                  // drillholes exported without a trace (no depth)
    DesurveyTally desurveyed;                   // what the traced holes' desurvey applied
    std::int64_t assay_results = -1;            // rows of the long table (-1: not written)
    std::string assay_results_file;             // the file that holds it
    double seconds = 0;
};

// Reads the selection twice, as rows without building features (the first time to count, to find the
// data's extent for the target CRS, the extra columns and the fields some feature fills), then writes. Throws InputError/NotFound for a bad request; OUT is written
// only when everything succeeded. progress may throw to cancel (the partial output is removed).
ExportReport export_layers(Store& store, const ExportOptions& options, const Progress& progress = {});

// "project UZ-PEG, bbox 64,40,70,42, where li2o_pct >= 1" (or "everything").
std::string describe_selection(const ExportOptions& options);

} // namespace lode
