#pragma once
// Import of any GDAL vector source into a layer of the store, as one transaction.
#include "lode/base/error.hpp"
#include "lode/geo/geos.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <functional>
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
    std::string x_field, y_field; // coordinate columns of a table (CSV)
    std::string id_field;         // source field giving the feature id
    std::vector<std::pair<std::string, std::string>> field_map;   // target field <- source field
    bool make_valid = false;
    OnDuplicate on_duplicate = OnDuplicate::error;
    // Geometry: the wrong-CRS guard (crs_guard.hpp) and features that do not fit the layer as they are.
    std::string basemap;          // Natural Earth countries GeoPackage for the host-country check; empty: none
    bool allow_outside = false;   // import features that land outside the host countries / the CRS's area of use
    bool skip_empty = false;      // skip features without geometry (counted) instead of refusing the file
    bool explode = false;         // a multipoint into a point layer: one feature per part, ids suffixed -1, -2, ...
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
};

// Called now and then while features are read: (features done, features in the source).
using Progress = std::function<void(std::int64_t, std::int64_t)>;

// Reads, checks and converts every feature first; only when all are good are they written,
// in one transaction. Any error throws (InputError/NotFound) and leaves the store unchanged.
ImportReport import_features(Store& store, const ImportOptions& options, const Progress& progress = {});

// A field's value from text, checked as an import checks it (type, range, allowed values with a
// "did you mean", calendar dates, the commodity vocabulary); empty text is null, or an error when
// the field is required. typed_number: the number a typed source gave, instead of reading text.
Value field_value(const FieldDef& field, const std::string& text, const Commodities& vocabulary, const Where& where,
                  std::optional<double> typed_number = std::nullopt);

// A geometry in WKT (longitude, latitude in WGS 84) checked as an import checks it (coordinates,
// the layer's geometry type, GEOS validity), as WKB of the layer's type.
Wkb checked_lonlat_geometry(const std::string& wkt, GeometryType type, const Where& where);

} // namespace lode
