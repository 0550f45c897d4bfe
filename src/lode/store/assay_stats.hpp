#pragma once
// The assay results of a layer summarised: which analytes it holds, in which units (what
// `lode layer fields` lists), and the statistics of each (`lode assay stats`). Only the layer's
// features count: QC samples (standards, blanks, duplicates) are judged by lode qc, not summed here.
#include "lode/assay/result.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// An analyte in a unit as the layer's results hold it (as the lab reported it).
struct AnalyteFound {
    std::string name;          // ANALYTE_UNIT: "Li_ppm", "Li2O_pct"
    std::string analyte;       // "Li2O"
    Unit unit = Unit::ppm;
    std::int64_t results = 0, samples = 0, below = 0, above = 0;
    std::vector<std::string> examples;   // up to three distinct results as written
};

// The analytes and units of the results of layer's features, by name (as_of: as they were then,
// history form).
std::vector<AnalyteFound> analytes_found(Store& store, const std::string& layer,
                                         const std::optional<std::string>& as_of = std::nullopt);

struct AssayStatsOptions {
    std::string layer = "samples";
    std::optional<std::string> project;   // only the features of this project
    // ANALYTE_UNIT names (Li_ppm, Li2O_pct, Au_gpt); empty: every analyte and unit the results hold
    std::vector<std::string> analytes;
    BelowLimit below_limit = BelowLimit::half;
    // The samples and results as they were at this time (history form), rebuilt from the history.
    std::optional<std::string> as_of;
};

// Of one ANALYTE_UNIT name: one value per sample, its latest result of the element converted to
// the name's analyte and unit, as --where compares it (store/assay_values.hpp); a result below
// its detection limit by the rule, above an upper limit as the limit.
struct AnalyteStats {
    std::string name;
    std::string analyte;
    Unit unit = Unit::ppm;
    std::int64_t samples = 0;        // with a result
    std::int64_t below = 0, above = 0;   // of those, whose latest result is below / above a limit
    std::int64_t counted = 0;        // of those, with a number (the statistics' n)
    // NaN when counted is 0. Quantiles interpolated between the nearest ranks (base/statistics.hpp).
    double min = NAN, p10 = NAN, median = NAN, mean = NAN, p90 = NAN, max = NAN;
};

// InputError for a name that is not ANALYTE_UNIT; NotFound for an unknown layer or project.
std::vector<AnalyteStats> assay_stats(Store& store, const AssayStatsOptions& options);

} // namespace lode
