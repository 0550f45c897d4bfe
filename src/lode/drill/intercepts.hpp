#pragma once
// Significant intercepts: length-weighted composites of one hole's intervals above a cut-off, as
// announcements report them ("ILL-DD001: 14.0 m @ 1.32 from 56.0 m").
//
// Rules, in depth order: an intercept begins at an interval at or above the cut-off; it takes the
// next run of intervals below the cut-off (internal dilution) together with the interval at or above
// the cut-off after it when the run is at most max_dilution metres long and the composite with them
// stays at or above the cut-off; it never ends on dilution. An interval without a value (not
// assayed) and a missing stretch of hole (the next interval does not begin where this one ends)
// end an intercept. Intercepts shorter than min_length, or whose grade times length is below
// min_grade_length (e.g. 5 %·m), are left out. The grade is the sum of value times length over the
// length. Inclusions ("incl." in announcements) are the intercepts at a higher cut-off found by the
// same rules among the intervals of an intercept, shorter than it.
#include "lode/store/store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lode::drill {

// One interval's value of the field composited (nullopt: not assayed).
struct Assayed {
    double from = 0, to = 0;
    std::optional<double> value;
};

struct InterceptRules {
    double cutoff = 0;
    double min_length = 0;     // metres
    double max_dilution = 0;   // metres of consecutive intervals below the cut-off inside an intercept
    double min_grade_length = 0;   // grade × metres (e.g. %·m, g/t·m); 0: any
};

struct Intercept {
    std::string hole;
    double from = 0, to = 0;
    double length() const { return to - from; }
    double grade = 0;          // length-weighted
    double dilution = 0;       // metres below the cut-off inside it
    std::vector<Intercept> included;   // at the include cut-off, shallowest first
};

// The hole's intercepts, shallowest first.
std::vector<Intercept> intercepts(const std::string& hole, std::vector<Assayed> intervals, const InterceptRules& rules);
// The same, each intercept with its inclusions at include_cutoff (above rules.cutoff): the
// intercepts of its own intervals at that cut-off with the same length and dilution rules (not the
// grade-length rule), leaving out one that is the whole intercept.
std::vector<Intercept> intercepts(const std::string& hole, std::vector<Assayed> intervals, const InterceptRules& rules,
                                  double include_cutoff);

// How an interval's value is found: today a numeric field of the interval (interval_field); an
// assay lookup by analyte and unit can take its place without changing the compositing.
using ValueLookup = std::function<std::optional<double>(const IntervalRecord&)>;
// The interval's field as a number (a number, or text that reads as one); nullopt when it is
// empty, absent or not a number (a below-limit "<0.01" among them).
ValueLookup interval_field(const std::string& field);
// An interval's assay result of an analyte (ANALYTE_UNIT: Li2O_pct, Au_ppm), through its sample id
// (the interval's field sample_field) among the results of layer's samples (store/assay_values.hpp:
// the latest result, converted from the element or another oxide and unit, below-limit results by
// rule); where the sample has none, the interval's own field of that name (as written, or in lower
// case). InputError for a name that is not ANALYTE_UNIT.
ValueLookup sample_assay(Store& store, const std::string& layer, const std::string& analyte,
                         const std::string& sample_field = "sample_id", BelowLimit rule = BelowLimit::half);

struct InterceptQuery {
    ValueLookup value;
    std::string table;                    // the interval table; empty: every table
    std::optional<std::string> project;   // the holes of one project; else every hole
    std::vector<std::string> holes;       // these holes only; empty: all (of the project)
    InterceptRules rules;
    std::optional<double> include_cutoff;   // inclusions at this higher cut-off
};
struct HoleIntercept {
    Intercept intercept;
    std::string project;
    double dip = -90;   // the hole's dip at the middle of the intercept (degrees, negative downwards)
};
// Every hole's intercepts (holes in id order), from the store's intervals.
std::vector<HoleIntercept> significant_intercepts(Store& store, const InterceptQuery& query);

// "HOLE: 14.0 m @ 1.32 from 56.0 m" (lengths and depths to 0.1 m, the grade to grade_decimals),
// then ", incl. 4.0 m @ 2.10 from 60.0 m" for each inclusion.
std::string describe(const Intercept& intercept, int grade_decimals = 2);

// The width note of an intercept of a hole at this dip: a vertical hole's (within 1°) "down-hole
// width", else "down-hole width; hole dips -60°: true width unknown without the body's attitude
// (equal for a body normal to the hole)".
std::string width_note(double dip);

} // namespace lode::drill
