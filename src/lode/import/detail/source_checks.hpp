#pragma once
// What GDAL reads without complaint but lode refuses: checks on a source's file before GDAL opens
// it, on the text of every feature, and the reason a table's row has no point.
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/import/importer.hpp"
#include "lode/import/problems.hpp"

#include <vector>

namespace lode::import_detail {

// Refuses, as InputError naming the file: an input that is not a regular file or a folder (a FIFO
// or a device, which would block or never end); a Shapefile without its .dbf; a CSV with a quote
// that is never closed (GDAL would read the rest of the file as one value); a GeoJSON whose crs
// member names a CRS that cannot be read (GDAL would take it as WGS 84) unless the CRS is given.
void check_source_file(const ImportOptions& options);

// Refuses, as InputError naming the file, a source field whose name is not valid UTF-8 (the name
// would be a key of the feature's extra, which the store keeps as JSON).
void check_field_names(const std::vector<std::string>& names, const ImportOptions& options);

// A problem for every text value of the feature that is not valid UTF-8 (the bytes shown \xNN).
void check_text(const OGRFeature& feature, const Where& where, std::vector<Problem>& problems);

// For a row of a CSV without a point: throws InputError naming the coordinate column whose value
// is not a finite number ('nan', 'inf', text); returns when it finds none. source caches the file
// opened as plain columns.
void explain_missing_point(Dataset& source, const ImportOptions& options, const Where& where);

// Refuses a source whose reading stopped early: read of the declared features, GDAL's reason.
void check_read_count(std::int64_t read, std::int64_t declared, const std::string& gdal_reason, const ImportOptions& options);

} // namespace lode::import_detail
