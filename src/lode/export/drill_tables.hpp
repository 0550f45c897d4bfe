#pragma once
// The drillhole tables that 3D modelling software imports (Leapfrog Geo, Micromine, Datamine,
// Vulcan): a folder of CSV files (UTF-8, comma-separated, a header row, CRLF line ends):
//   collar.csv   one row per hole: hole_id, easting, northing (metres, in the crs column's CRS),
//                collar_elev_m, elev_datum, crs, depth_m, azimuth_deg, dip_deg, drill_type,
//                drilled_on, prospect, accuracy (the project is the selection's, in README.txt)
//   survey.csv   hole_id, depth_m, azimuth_deg (from true north), dip_deg (negative downwards),
//                method, surveyed_on
//   TABLE.csv    one per interval table of the store (lithology.csv, assays.csv …): hole_id, from_m,
//                to_m and the table's fields
//   README.txt   the files, their columns and units
// Column names are lode's own, so `lode import` reads the files back (collar.csv with its crs as the
// source CRS). The collars are placed in a projected CRS: the one given, else the CRS each collar
// was imported from (the imports log) when that is projected, else its WGS 84 / UTM zone (as its
// trace), through the one reprojection owner. Every file is staged in one AtomicOutput folder and
// moved into place only when all are written (base/atomic_output.hpp).
#include "lode/store/store.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lode {

struct DrillTablesOptions {
    std::string folder;          // DIR (made when missing; its parent must exist)
    Selection selection;         // project, bbox (as_of is refused)
    std::string target_crs;      // a projected CRS for every collar; empty: see above
    bool overwrite = false;      // replace files of the same names in DIR
};

struct DrillTablesReport {
    std::int64_t collars = 0, surveys = 0;
    std::vector<std::pair<std::string, std::int64_t>> tables;   // interval table, rows
    std::vector<std::string> crs;                               // the collars' CRSs, described ("EPSG:7850 (GDA2020 / MGA zone 50)")
    std::vector<std::string> files;                             // paths written, collar.csv first
    double seconds = 0;
};

// Throws InputError for nothing to export, a target CRS that is not projected, an existing file
// without overwrite; NotFound for an unknown project. DIR is left as it was on any error.
DrillTablesReport export_drillhole_tables(Store& store, const DrillTablesOptions& options);

} // namespace lode
