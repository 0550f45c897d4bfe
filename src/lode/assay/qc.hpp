#pragma once
// Quality control of assays (QA/QC): the QC types of samples (primary, field/coarse/pulp
// duplicates of an original, standards of a certified reference material, blanks), reference
// materials with their certified values, and the judgement of a lab batch by them:
//   - a standard within 2 SD of its certified value passes, 2-3 SD is a warning, beyond 3 SD
//     fails, and the second of two consecutive warnings on one side of the value fails;
//   - a blank above 5 times the detection limit fails;
//   - a duplicate pair is measured by its half absolute relative difference,
//     HARD = |a - b| / (a + b), and counted within 10% and within 20% (a pair beyond 20% is a
//     warning: duplicates do not fail a batch).
#include "lode/assay/result.hpp"
#include "lode/assay/units.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lode {

class Analytes;

enum class QcType { primary, field_duplicate, coarse_duplicate, pulp_duplicate, standard, blank };

// "primary", "field duplicate", "coarse duplicate", "pulp duplicate", "standard", "blank": the stored form.
const char* to_string(QcType type);
// The stored form, and the codes labs write (any case): DUP, FD, FDUP (field duplicate), CD, CDUP,
// CRD (coarse), PD, PDUP, PLD (pulp), STD, CRM, SRM, REF (standard), BLK, BLANK, BL (blank), ORIG,
// PRIMARY, SAMPLE, an empty cell (primary); nullopt for anything else.
std::optional<QcType> parse_qc_type(std::string_view text);
bool is_duplicate(QcType type);
// Every value parse_qc_type takes, for messages.
const char* qc_type_codes();

// A QC sample of a layer (store model 9): its type, the original sample's id (duplicates) or the
// reference material's name (standards). Primary samples need no record. Standards and blanks
// are not features of the layer (they have no place in the field); a duplicate's place is its
// original's.
struct QcSample {
    std::string layer = "samples";
    std::string id;
    std::string project;
    QcType type = QcType::primary;
    std::string original;   // duplicates: the original sample's id
    std::string crm;        // standards: the reference material's name
    std::int64_t import = 0;   // the import that brought it (ImportRecord::id), 0 when none
};

// A certified value of a reference material for one analyte in one unit (store model 9).
struct ReferenceValue {
    std::string name;      // "OREAS 750"
    std::string analyte;   // a vocabulary symbol
    Unit unit = Unit::ppm;
    double value = 0;      // the certified value
    double sd = 0;         // its standard deviation (between laboratories), > 0
    std::string source;    // "certificate ...", free text
};

// A certified value as a person or a table gives it: the analyte and unit as ANALYTE_UNIT
// (Li_ppm, Li2O_pct, Au_ppb); InputError (field "name", "analyte", "value" or "sd") for an empty
// name, an unknown ANALYTE_UNIT, a value below 0 or an SD that is not above 0.
ReferenceValue reference_value(const std::string& name, const std::string& analyte_unit, double value, double sd,
                               const std::string& source, const Analytes& analytes);

// The judgement of one QC result.
enum class QcVerdict { pass, warning, fail, not_judged };
const char* to_string(QcVerdict verdict);   // "pass", "warning", "fail", "not judged"

struct QcCheck {
    std::string batch;
    std::string sample;
    QcType type = QcType::primary;
    std::string reference;     // the CRM's name (standards) or the original's id (duplicates)
    std::string analyte;       // as compared: the CRM's analyte, or the results' analyte
    Unit unit = Unit::ppm;
    double value = NAN;        // the QC sample's result (standards: in the CRM's analyte and unit)
    double expected = NAN;     // certified value (standards), original's result (duplicates), 5 x limit (blanks)
    double sd = NAN;           // standards: the certified SD
    double z = NAN;            // standards: (value - certified) / SD
    double hard = NAN;         // duplicates: |a - b| / (a + b)
    QcVerdict verdict = QcVerdict::not_judged;
    std::string reason;        // why a warning, a failure or no judgement
};

// One batch and analyte: its counts.
struct QcSummary {
    std::string batch;
    std::string analyte;
    int standards = 0, standards_passed = 0, standards_warned = 0, standards_failed = 0;
    int blanks = 0, blanks_failed = 0;
    int duplicates = 0, within_10 = 0, within_20 = 0;
    // The standards' mean bias against their certified values, in percent: the mean over the judged
    // standards of (value − certified) / certified × 100; NaN when none was judged.
    double bias_pct = NAN;
    bool failed() const { return standards_failed > 0 || blanks_failed > 0; }
};

struct QcJudgement {
    std::vector<QcCheck> checks;         // batches in name order, then standards, blanks, duplicates by sample id
    std::vector<QcSummary> summaries;    // by batch, then analyte
    // Each batch with a failure: every sample it holds (results of the batch), in id order.
    std::map<std::string, std::vector<std::string>> failed_batches;
};

struct QcFilter {
    std::optional<std::string> batch;
    std::vector<std::string> analytes;   // vocabulary symbols; empty: every analyte
    std::optional<std::string> project;  // samples (and QC samples) of this project only
};

// Judges the batches of a layer's results by its QC samples and the reference values. A
// result's batch is its own; batches come in name order, and within one, samples in id order:
// this is the sequence of the consecutive-warnings rule (per reference material and analyte,
// across batches). A standard is compared in the reference value's analyte and unit (converted,
// element <-> oxide too); a standard with no certified value for an analyte, or a blank whose
// batch gives no detection limit for the analyte (the smallest limit of its below-limit results),
// is not judged. A blank counts as its value, or passes when below its limit. Duplicate pairs
// with a result below or above a limit on either side are not judged. project_of maps sample ids
// to their project where a filter by project is asked.
QcJudgement judge_qc(const std::vector<QcSample>& qc_samples, const std::vector<AssayRecord>& results,
                     const std::vector<ReferenceValue>& references, const Analytes& analytes, const QcFilter& filter = {},
                     const std::map<std::string, std::string>& project_of = {});

} // namespace lode
