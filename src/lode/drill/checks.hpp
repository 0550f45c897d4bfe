#pragma once
// Checks of one drillhole's surveys and interval tables, each finding naming the hole and depth.
#include "lode/base/error.hpp"
#include "lode/drill/desurvey.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lode::drill {

struct Interval {
    double from = 0, to = 0; // metres along the hole
};

struct Finding {
    enum class Kind { error, warning, gap };
    Kind kind = Kind::error;
    std::string hole;
    std::string table;   // "surveys" or the interval table's name
    double depth = 0;    // where along the hole
    std::string reason;
};

struct HoleTables {
    std::string hole;
    double depth = 0;                       // the hole's final depth
    std::vector<Station> surveys;
    std::string interval_table = "intervals";
    std::vector<Interval> intervals;
};

// Every finding, errors first in depth order: from >= to, overlapping intervals, intervals or
// surveys beyond the hole's depth, two survey stations at one depth, dip outside -90..90, azimuth
// outside 0..360; warnings for a
// dog-leg severity (degrees per 30 m) above the limit when given; gaps between intervals (allowed).
std::vector<Finding> check_hole(const HoleTables& tables, std::optional<double> dogleg_limit = {});

// An error finding as the structured error a front end renders: the source file, the hole as the
// feature's id, the table as the field, and the depth in the reason.
InputError to_error(const Finding& finding, const std::string& file);

} // namespace lode::drill
