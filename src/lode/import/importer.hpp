#pragma once
// Import of any GDAL vector source into a layer of the store, as one transaction.
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/geos.hpp"
#include "lode/import/problems.hpp"
#include "lode/import/values.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode {

struct ImportOptions {
    std::string file;
    std::string layer;
    std::string project;
    std::string source_layer;     // which layer of a multi-layer source; empty: the only one
    std::string source_crs;       // --s-srs: overrides or supplies the source's CRS
    std::string x_field, y_field; // coordinate columns of a table (CSV, spreadsheet, any source without geometry)
    std::string id_field;         // source field giving the feature id; empty: detected by its name
    std::vector<std::pair<std::string, std::string>> field_map;   // target field <- source field
    std::vector<std::pair<std::string, std::string>> set_values;  // target field = one value for every feature
    std::string date_format;      // how the source writes dates (ValueReading::date_format)
    bool make_valid = false;
    bool again = false;           // import a source the imports log holds for the layer already
    // import_assays: a result for a sample, analyte, method and batch the store holds a different
    // result for replaces it (else the file is refused)
    bool replace_results = false;
    bool dry_run = false;         // read and check the whole source, write nothing; problems in the report
    OnDuplicate on_duplicate = OnDuplicate::error;
    // OnDuplicate::update from a lode export of this store (its metadata holds the history position
    // it was read at, stale_copy.hpp): a feature changed in the store since then is refused, naming
    // who changed it and when, unless force_update (the copy written over the change).
    bool force_update = false;
    // Only the features holding this geometry family, and of a geometry collection only its members
    // of it (a source split by family by import_into_new_layers); nullopt: every feature as it is.
    std::optional<GeometryType> only_family;
    // With only_family: features without geometry are this import's to refuse (or, skip_empty, to
    // skip and count); the other layers of a split source pass them by.
    bool takes_empty = true;
    // Geometry: the wrong-CRS guard (crs_guard.hpp) and features that do not fit the layer as they are.
    std::string basemap;          // Natural Earth countries GeoPackage for the host-country check; empty: none
    bool allow_outside = false;   // import features that land outside the host countries / the CRS's area of use
    bool skip_empty = false;      // skip features without geometry (counted) instead of refusing the file
    bool explode = false;         // a multipoint into a point layer: one feature per part, ids suffixed -1, -2, ...
    // Assay results (lode/assay): source columns named as labs name them (Li_ppm, Au (g/t),
    // ME-MS61_Li_ppm) are kept as results of their feature, each cell parsed as a result (<3, BDL,
    // >10000 ...). A column that fills a field named ANALYTE_UNIT (li2o_pct) is converted into the
    // field's analyte and unit, or refused when it cannot be.
    std::vector<std::string> assay_columns;   // more columns holding results (their names say the analyte)
    std::vector<std::pair<std::string, std::string>> assay_units;   // column -> its unit (ppb, ppm, %, g/t)
    bool negative_is_below = false;           // a negative result is below the detection limit of its magnitude
};

// The results an import read of one analyte in one unit (one source column).
struct AnalyteCount {
    std::string column;       // the source column
    std::string analyte;      // the vocabulary symbol
    Unit unit = Unit::ppm;
    std::string method;       // from the column's name, or empty
    std::int64_t results = 0, below = 0, above = 0;
};

struct ImportReport {
    std::int64_t read = 0, written = 0, updated = 0, skipped = 0, repaired = 0, z_dropped = 0;
    std::vector<std::string> repaired_ids;
    std::int64_t no_geometry = 0;   // features without geometry, skipped (skip_empty)
    std::int64_t exploded = 0;      // source multipoints made into one feature per part (explode)
    std::int64_t parts = 0;         // the features those became
    std::string source_crs;       // described, e.g. "EPSG:26392 (Minna / Nigeria Mid Belt)"
    bool reprojected = false;
    double seconds = 0;
    std::string id_source;                  // the source field the ids came from; empty: numbered
    std::string empty_id_field;             // a field named as ids are that is empty in every feature (numbered instead)
    std::vector<std::string> extra_fields;  // source fields kept in each feature's extra
    std::vector<AnalyteCount> analytes;     // the assay columns, in source order, with their counts
    std::map<std::string, std::int64_t> qc_samples;   // QC samples kept apart from the features, by type ("standard": 2)
    // A dry run: every problem of the source, grouped; how many, in how many features.
    std::vector<ProblemGroup> problems;
    std::int64_t problem_count = 0, problem_features = 0;
};

// The source of an import opened as the importer opens it (CSV coordinate columns detected), and
// its layer (options.source_layer, else the only one with features); InputError when neither.
Dataset open_source(const ImportOptions& options);
OGRLayer& pick_layer(GDALDataset& ds, const ImportOptions& options);

// Called now and then while features are read: (features done, features in the source).
using Progress = std::function<void(std::int64_t, std::int64_t)>;

// Reads, checks and converts every feature first; only when all are good are they written,
// in one transaction. Any error throws (InputError/NotFound) and leaves the store unchanged; a
// refused source's error is its first problem, noting how many more there are. With dry_run,
// nothing is written and the problems come back in the report instead (errors before the first
// feature, such as an unknown layer or a source without a CRS, still throw).
ImportReport import_features(Store& store, const ImportOptions& options, const Progress& progress = {});

// A geometry in WKT (longitude, latitude in WGS 84) checked as an import checks it (coordinates,
// the layer's geometry type, GEOS validity), as WKB of the layer's type.
Wkb checked_lonlat_geometry(const std::string& wkt, GeometryType type, const Where& where);

} // namespace lode
