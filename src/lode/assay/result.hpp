#pragma once
// One assay result as a lab writes it in a cell: "0.52", "<0.01", "< 0.01", "BDL", "ND", ">10000",
// "IS", or "-0.01" (the old convention for below the detection limit 0.01, taken only when asked):
// a value or a qualifier with its limit, the original text always kept. And the rule that puts a
// number in place of a result below its detection limit.
#include "lode/assay/units.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lode {

enum class Qualifier {
    none,           // a measured value
    below,          // below the detection limit (the limit, when the lab gave it)
    above,          // above the upper limit of the method (the limit)
    insufficient,   // insufficient sample: no result ("IS")
    not_analysed    // not analysed ("NA", "N/A", "NR"): no result
};
// "", "<", ">", "IS", "NA": the stored form.
const char* to_string(Qualifier qualifier);
// The stored form back; nullopt for any other text.
std::optional<Qualifier> parse_qualifier(std::string_view text);

struct AssayResult {
    double value = NAN;      // Qualifier::none: the measured value; otherwise NaN
    Qualifier qualifier = Qualifier::none;
    double limit = NAN;      // below/above: the limit, NaN when not given (BDL, ND)
    std::string text;        // the cell as written (trimmed)
};

struct ResultParsing {
    // A negative number is a result below the detection limit of its magnitude (-0.01 is <0.01);
    // otherwise a negative number is refused.
    bool negative_is_below = false;
};

// The result a cell holds, or nullopt for an empty cell; lode::InputError with the reason (the
// caller adds file, feature and field) for text that is none of the forms above, a negative
// value (unless negative_is_below) or a limit that is not a positive number.
std::optional<AssayResult> parse_result(std::string_view cell, const ResultParsing& parsing = {});

// What number stands for a result below its detection limit, in statistics, queries and exports:
// half the limit (default), zero, the limit, or none (the result is left out).
enum class BelowLimit { half, zero, limit, null };
const char* to_string(BelowLimit rule);                        // "half", "zero", "limit", "null"
// What the rule makes of a result below its limit, as a sentence says it: "half the limit", "zero",
// "the limit", "no number".
const char* describe(BelowLimit rule);
std::optional<BelowLimit> parse_below_limit(std::string_view text);

// One result as a store keeps it: of which feature (a sample of a layer), which analyte in which
// unit, the result, and where it came from.
struct AssayRecord {
    std::string layer;       // "samples"
    std::string sample;      // the feature's id
    std::string analyte;     // a vocabulary symbol
    Unit unit = Unit::ppm;
    AssayResult result;
    std::string method, lab, batch;
    std::string assayed_on;  // YYYY-MM-DD or empty
    std::int64_t import = 0; // the import that brought it (ImportRecord::id), 0 when none
    std::int64_t id = 0;     // the store's number of the result (read_assays); 0 for one not yet written
};

// The number a result counts as: its value; below a limit, by the rule (nullopt for null, and for
// half or limit when the lab gave no limit); above a limit, the limit (a lower bound); no number
// for insufficient sample or not analysed.
std::optional<double> substituted(const AssayResult& result, BelowLimit rule = BelowLimit::half);

} // namespace lode
