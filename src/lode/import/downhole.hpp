#pragma once
// Downhole tables into the store (store model 7): the survey stations and the intervals of the
// drillholes layer's holes, read from any GDAL table (CSV, XLSX, ODS, a GeoPackage table) with the
// import's field mapping (field_map, set_values, date_format), checked hole by hole with the drill
// checks (drill/checks.hpp) against the hole's collar and what the store holds already, and written
// in one transaction, or not at all.
#include "lode/drill/checks.hpp"
#include "lode/import/importer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lode {

enum class DownholeTable { surveys, intervals };

struct DownholeOptions {
    // file, source_layer, field_map, set_values, date_format, dry_run; layer, project and the
    // geometry's settings do not apply (a hole's project is its collar's).
    ImportOptions source;
    DownholeTable table = DownholeTable::surveys;
    std::string interval_table = "intervals";   // the interval table's name: lithology, assays ...
    // A dog-leg severity (degrees per 30 m) above which a survey station is warned of; none: no warning.
    std::optional<double> dogleg_limit = 3.0;
};

struct DownholeReport {
    std::int64_t read = 0, written = 0, holes = 0;
    std::vector<drill::Finding> warnings, gaps;   // of the holes imported, as stored afterwards
    std::vector<std::string> columns;             // the source's fields and where each went: "Hole → hole"
    // A dry run: every problem, grouped.
    std::vector<ProblemGroup> problems;
    std::int64_t problem_count = 0, problem_features = 0;
    double seconds = 0;
};

// The fields a downhole table takes, with the source names each is found under when not mapped:
// surveys hole, depth, azimuth, dip (required), method, surveyed_on; intervals hole, from, to
// (required), and every other source field kept in the interval's fields, numbers as numbers.
const LayerKind& downhole_kind(DownholeTable table);

// Reads and checks every row, then writes them all, or refuses the source with its first problem
// (InputError naming file, hole, field and depth; the store unchanged). A hole must be in the
// drillholes layer. With dry_run, nothing is written and the problems come back in the report.
DownholeReport import_downhole(Store& store, const DownholeOptions& options);

} // namespace lode
